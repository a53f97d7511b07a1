"""Given names that tell a gender (extractors/data/given_names.toml) and the script that builds the list."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from extractors.quote_gender import FEMALE, MALE, given_name_gender, is_given_name

ROOT = Path(__file__).resolve().parents[1]


def _build_script():
    spec = importlib.util.spec_from_file_location("build_given_names", ROOT / "scripts" / "build_given_names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_names_of_one_gender_are_told_whatever_their_accents_and_case():
    assert given_name_gender("Thomas") == MALE
    assert given_name_gender("Margarethe") == FEMALE
    assert given_name_gender("josé") == given_name_gender("JOSE") == MALE
    assert given_name_gender("Zoé") == given_name_gender("Zoe") == FEMALE
    assert given_name_gender("Søren") == MALE            # a letter NFKD does not take apart


def test_names_carried_both_ways_or_unknown_tell_nothing():
    assert given_name_gender("Andrea") is None           # a man's name in Italy, a woman's in Germany
    assert given_name_gender("Qwxzv") is None
    assert given_name_gender("") is None


def test_a_given_name_is_known_whichever_its_gender():
    assert is_given_name("Andrea") and is_given_name("Ottilie") and is_given_name("josé")
    assert not is_given_name("Qwxzv") and not is_given_name("Bürgermeisterin")


def test_the_shipped_list_is_what_the_script_writes_and_no_name_is_in_both_lists():
    data = tomllib.loads((ROOT / "extractors" / "data" / "given_names.toml").read_text("utf-8"))
    masculine, feminine, either = set(data["masculine"]), set(data["feminine"]), set(data["either"])
    assert len(masculine) > 5000 and len(feminine) > 5000 and len(either) > 1000
    assert not masculine & feminine and not (masculine | feminine) & either
    assert all(n == n.lower() and n.isascii() for n in masculine | feminine | either)


def test_the_script_keeps_names_by_sources_people_and_share_of_women():
    build = _build_script()
    rows = {
        "alvar": [12, 4000, 0.01, 3],        # kept: masculine
        "brisa": [9, 2500, 0.97, 3],         # kept: feminine
        "corin": [20, 9000, 0.5, 3],         # carried both ways
        "dorel": [2, 9000, 0.0, 3],          # too few sources
        "elvan": [9, 100, 0.0, 3],           # too few people
        "f.x.": [9, 9000, 0.0, 3],           # not a name in plain letters
    }
    assert build.chosen(rows, sources=5, count=500, threshold=0.1) == (["alvar"], ["brisa"], ["corin"])
    text = build.toml_array("masculine", ["alvar", "bodo"])
    assert tomllib.loads(text) == {"masculine": ["alvar", "bodo"]}
