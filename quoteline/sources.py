"""Where articles come from: discovering sources, reading their bytes, decoding them to text.

A source is a file or an http(s) URL. Its id is stable (a hash of its absolute path or URL), so a re-run
recognises it; its content hash tells whether it changed. Decoding is careful because articles arrive in
every encoding: BOMs first, then a declared charset, then strict UTF-8, then a detected charset.
"""
from __future__ import annotations

import glob
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import charset_normalizer
import httpx

KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


class SourceError(Exception):
    """A source that cannot be read or decoded; the message names the source and the reason."""


@dataclass(frozen=True)
class SourceRef:
    location: str   # absolute path or URL
    name: str       # file name: the `doc` users see in exports
    kind: str       # text | markdown | html

    @property
    def id(self) -> str:
        return hashlib.sha256(self.location.encode("utf-8")).hexdigest()[:16]

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class RawSource:
    ref: SourceRef
    data: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _kind_of(path: str) -> str | None:
    return KINDS.get(Path(urlsplit(path).path).suffix.lower())


def discover(paths: list[str], root: Path, extensions: list[str], list_file: str | None = None) -> list[SourceRef]:
    """Expand folders, globs, files and URLs into distinct source refs, in a stable order."""
    entries = list(paths)
    if list_file:
        listing = Path(list_file) if Path(list_file).is_absolute() else root / list_file
        try:
            lines = listing.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SourceError(f"{listing}: cannot read the source list: {exc.strerror}") from exc
        entries += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    wanted = {e.lower() for e in extensions}
    refs: dict[str, SourceRef] = {}
    for entry in entries:
        if entry.startswith(("http://", "https://")):
            refs.setdefault(entry, SourceRef(entry, Path(urlsplit(entry).path).name or urlsplit(entry).netloc,
                                             _kind_of(entry) or "html"))
            continue
        path = Path(entry).expanduser()
        path = path if path.is_absolute() else root / path
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file())
        elif any(ch in entry for ch in "*?["):
            found = (Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
        elif path.is_file():
            found = iter([path])
        else:
            raise SourceError(f"{entry}: no such file, folder or glob match")
        for file in sorted(found):
            if file.suffix.lower() in wanted and not file.name.startswith("."):
                loc = str(file.resolve())
                refs.setdefault(loc, SourceRef(loc, file.name, _kind_of(loc) or "text"))
    return list(refs.values())


def read_file(ref: SourceRef, max_bytes: int) -> RawSource:
    try:
        size = Path(ref.location).stat().st_size
        if size > max_bytes:
            raise SourceError(f"{ref.location}: {size} bytes is over the {max_bytes}-byte limit")
        return RawSource(ref, Path(ref.location).read_bytes())
    except OSError as exc:
        raise SourceError(f"{ref.location}: cannot read: {exc.strerror or exc}") from exc


def fetch_url(ref: SourceRef, timeout: float, max_bytes: int,
              etag: str | None = None, last_modified: str | None = None) -> RawSource | None:
    """GET a URL, conditionally when validators are known; None means 'not modified'."""
    headers = {"User-Agent": "quoteline/0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True) as client:
            response = client.get(ref.location, headers=headers)
    except httpx.HTTPError as exc:
        raise SourceError(f"{ref.location}: fetch failed: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code == 304:
        return None
    if response.status_code >= 400:
        raise SourceError(f"{ref.location}: HTTP {response.status_code}")
    if len(response.content) > max_bytes:
        raise SourceError(f"{ref.location}: {len(response.content)} bytes is over the {max_bytes}-byte limit")
    content_type = response.headers.get("content-type")
    kind = ref.kind
    if content_type and _kind_of(ref.location) is None:
        kind = "html" if "html" in content_type else "markdown" if "markdown" in content_type else "text"
    return RawSource(SourceRef(ref.location, ref.name, kind), response.content, content_type,
                     response.headers.get("etag"), response.headers.get("last-modified"))


def decode(raw: RawSource) -> str:
    """Bytes to text: BOM, declared charset (HTTP or <meta>), strict UTF-8, then detection."""
    data, where = raw.data, raw.ref.location
    if not data.strip():
        raise SourceError(f"{where}: empty file")
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"{where}: starts with a {codec} byte-order mark but does not decode: {exc}") from exc
    if b"\x00" in data[:8192]:
        raise SourceError(f"{where}: binary content (NUL bytes), not a text article")
    declared = _declared_charset(raw)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to UTF-8 and detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SourceError(f"{where}: undecodable bytes (not UTF-8 and no charset could be detected)")
    text = str(best)
    if _looks_binary(text):
        raise SourceError(f"{where}: undecodable bytes (detected {best.encoding}, but the text is mostly control characters)")
    return text


def _declared_charset(raw: RawSource) -> str | None:
    if raw.content_type and "charset=" in raw.content_type.lower():
        return raw.content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
    if raw.ref.kind == "html":
        match = DECLARED_CHARSET.search(raw.data[:4096])
        if match:
            return match.group(1).decode("ascii").lower()
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > len(sample) * 0.05
