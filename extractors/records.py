"""The records extractors produce: plain, immutable values with offsets into their source.

Offsets are Python string indices (code points). Tweets index ``Document.source`` (the decoded file as
read, markup included), quotes index ``Document.body`` (the article's running text): each record is
found in the text it was taken from, so a reader can always cut it out again.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

import regex

_SPACE = regex.compile(r"\s+")


def normalize_text(text: str) -> str:
    """The form under which a statement is embedded once: NFC, whitespace runs folded, stripped.

    The same tweet pasted with another line break or a decomposed accent is the same statement.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> str:
    """Stable key of a statement's normalized text: joins tweets and quotes to their vectors."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Document:
    """One article, decoded and described; the only input extractors need."""

    source: str                 # decoded text of the file as read (HTML/Markdown markup included)
    body: str                   # running text: == source for .txt/.md, the main text for HTML
    kind: str                   # "text" | "markdown" | "html"
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    lang: str | None = None       # ISO 639-1 of the body


@dataclass(frozen=True)
class Tweet:
    seq: int                      # 1-based, in order of appearance in the document
    text: str
    author_name: str | None
    handle: str | None            # without "@", Markdown escapes undone
    date_text: str | None         # as written
    date: str | None              # ISO YYYY-MM-DD
    lang: str | None
    label: str | None             # chat label that opens the tweet: A2, Q1, A4c ...
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    tweet_id: str | None = None
    status_url: str | None = None
    start: int = 0                # span of the whole tweet (body + attribution) in Document.source
    end: int = 0


SPEAKER_KINDS = ("person", "pronoun", "role", "organisation", "unnamed")


@dataclass(frozen=True)
class Quote:
    """A quotation in prose, in three stages: where it stands (``start``/``end``), the mention that says who
    said it (``mention``, its ``speaker_kind`` and the ``cue`` that links them), and the person that mention
    resolves to (``speaker``, whose span is ``speaker_start``/``speaker_end``).

    ``speaker`` is the fullest form of the person's name the article gives; for an organisation, or a role or
    description that no named person stands behind ("a spokesperson", "das Gericht"), it is the mention as
    written; it is None when the article names no source at all (a quotation kept for its words alone) or when
    its source is a pronoun or dropped subject that points back to nobody the article names (``mention`` then
    holds the pronoun, ``speaker_kind`` is "pronoun").
    Spans are -1 where there is nothing to point at.
    """

    seq: int
    text: str                     # the quotation without its marks
    speaker: str | None
    start: int                    # span of the quotation (inside its marks) in Document.body
    end: int
    speaker_start: int            # span of the resolved speaker's name (-1 when None)
    speaker_end: int
    lang: str | None
    cue: str                      # how it was attributed: "verb-after:said", "continuation", "none" …
    confidence: float = field(default=0.0)
    mention: str | None = None    # the source mention as written: "he", "the minister", "Ruiz", "Norvale Power"
    mention_start: int = -1
    mention_end: int = -1
    speaker_kind: str | None = None   # one of SPEAKER_KINDS, None without a source
    cue_start: int = -1           # span of the reporting verb or frame word (-1 when none is written)
    cue_end: int = -1
