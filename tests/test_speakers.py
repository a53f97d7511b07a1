"""Gathering the spellings of one person (extractors/speakers.py)."""
from __future__ import annotations

import dataclasses

import pytest

from extractors.speakers import SpeakerGroup, base_name, group_speakers, speaker_key


def test_speaker_key_ignores_spacing_and_punctuation_not_script():
    assert speaker_key("Jenn Vande Zande") == speaker_key("Jenn VandeZande") == "jennvandezande"
    assert speaker_key("Jean-Pierre O'Neil") == speaker_key("jean pierre oneil")
    assert speaker_key("Trăian Băsescu") != speaker_key("Traian Basescu")        # accents kept
    assert speaker_key("داریوش کامرانی") == "داریوشکامرانی"                       # script kept
    assert speaker_key("Трейси Уоллес") == "трейсиуоллес"
    assert speaker_key("ÉMILE  Zola") == speaker_key("émile zola")


def test_base_name_drops_dash_and_comma_suffixes():
    assert base_name("Dan Gingiss – Pembuat Pengalaman") == "Dan Gingiss"
    assert base_name("Dan Gingiss — Créateur d'expériences") == "Dan Gingiss"
    assert base_name("Stephanie Thum, CCXP") == "Stephanie Thum"
    assert base_name("Jean-Pierre Dupont") == "Jean-Pierre Dupont"               # a hyphen is part of the name
    assert base_name("نادر سپهرنیا، مدیر ارشد مالی") == "نادر سپهرنیا"


def test_tweet_authors_group_by_handle():
    groups = group_speakers([
        ("Dan Gingiss – Pembuat Pengalaman", "dgingiss"),
        ("Jenn Vande Zande", "jennvzande"),
        ("Dan Gingiss – Créateur d'expériences", "@dgingiss"),
        ("Jenn VandeZande", "JennVZande"),
        ("Stephanie Thum, CCXP", "stephaniethum"),
    ])
    assert groups == [
        SpeakerGroup("Dan Gingiss", "dgingiss",
                     ("Dan Gingiss – Pembuat Pengalaman", "Dan Gingiss – Créateur d'expériences")),
        SpeakerGroup("Jenn Vande Zande", "jennvzande", ("Jenn Vande Zande", "Jenn VandeZande")),
        SpeakerGroup("Stephanie Thum", "stephaniethum", ("Stephanie Thum, CCXP",)),
    ]


def test_prose_speakers_join_by_name_key():
    groups = group_speakers([
        ("Jenn VandeZande", None),                       # named in prose before her tweet
        ("Jenn Vande Zande", "jennvzande"),
        ("Stephanie Thum", None),
        ("Stephanie Thum, CCXP", "stephaniethum"),
        ("Kate Zabriskie", None),
        ("kate zabriskie", None),
        ("Dan Gingiss", "dgingiss"),
        ("Gingiss", None),                               # a surname alone is another key: not merged
    ])
    assert [(g.canonical_name, g.handle, g.names) for g in groups] == [
        ("Jenn Vande Zande", "jennvzande", ("Jenn VandeZande", "Jenn Vande Zande")),
        ("Stephanie Thum", "stephaniethum", ("Stephanie Thum", "Stephanie Thum, CCXP")),
        ("Kate Zabriskie", None, ("Kate Zabriskie", "kate zabriskie")),
        ("Dan Gingiss", "dgingiss", ("Dan Gingiss",)),
        ("Gingiss", None, ("Gingiss",)),
    ]


def test_same_name_different_handles_stay_apart_and_blanks_are_ignored():
    groups = group_speakers([("John Smith", "jsmith1"), ("John Smith", "jsmith2"), ("", None), ("  ", "x"),
                             ("John Smith", None)])
    assert [(g.handle, g.names) for g in groups] == [("jsmith1", ("John Smith",)), ("jsmith2", ("John Smith",))]
    assert group_speakers([]) == []


def test_groups_are_frozen():
    (g,) = group_speakers([("Ana Tavares", None)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.canonical_name = "x"
