"""Where articles come from: discovering sources, reading their bytes, decoding them to text.

A source is a file or an http(s) URL. Its id is stable (a hash of its absolute path or URL), so a re-run
recognises it; its content hash tells whether it changed. Decoding is careful because articles arrive in
every encoding: BOMs first, then a declared charset, then strict UTF-8, then a detected charset.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import time
import zlib
from dataclasses import dataclass, field
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
        return is_url(self.location)


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


@dataclass
class Discovery:
    """What the sources expand to, and what could not be searched.

    `problems` are (place, reason) pairs a run records as failures: a missing path, a bad `list_file` line,
    an unreadable folder, a dangling link or a link back to a folder already searched. `empty` names every
    configured entry that yielded no article at all: a run must not conclude from it that articles are gone.
    """
    refs: list[SourceRef] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    unsearched: list[str] = field(default_factory=list)  # folders that could not be listed: their articles stay

    def deletion_refusal(self, gone: int, active: int, max_share: float) -> str | None:
        """Why `gone` of `active` known articles must not be marked deleted now, or None if they may be."""
        if not gone:
            return None
        if self.empty:
            return (f"not marking {gone} articles gone: source {self.empty[0]} yielded no article "
                    f"(a typo, an unmounted folder?); fix it or remove it from the configuration")
        if gone > max_share * active:
            return (f"not marking {gone} of {active} articles gone: more than warehouse.max_deleted_share = "
                    f"{max_share:g} of the warehouse; if they really went, raise it for one run")
        return None

    def searched(self, location: str) -> bool:
        """Whether `location` lies where this discovery could look (its absence then means it is gone)."""
        return not any(location.startswith(folder.rstrip(os.sep) + os.sep) for folder in self.unsearched)


def discover(paths: list[str], root: Path, extensions: list[str], list_file: str | None = None) -> Discovery:
    """Expand folders, globs, files and URLs into distinct source refs, in a stable order.

    Nothing here raises for one bad entry: the others are still found, and the bad one is reported.
    """
    entries = [(str(e), None) for e in paths]
    out = Discovery()
    if list_file:
        listing = Path(list_file) if Path(list_file).is_absolute() else root / list_file
        try:
            lines = listing.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            out.problems.append((str(listing), f"cannot read the source list: {getattr(exc, 'strerror', None) or exc}"))
            out.empty.append(str(listing))
            lines = []
        entries += [(ln.strip(), f"{listing}:{n}") for n, ln in enumerate(lines, 1)
                    if ln.strip() and not ln.lstrip().startswith("#")]
    wanted = {e.lower() for e in extensions}
    refs: dict[str, SourceRef] = {}
    for entry, where in entries:
        if is_url(entry):
            refs.setdefault(entry, SourceRef(entry, Path(urlsplit(entry).path).name or urlsplit(entry).netloc,
                                             _kind_of(entry) or "html"))
            continue
        label = f"{where}: {entry}" if where else entry
        path = Path(entry).expanduser()
        path = path if path.is_absolute() else root / path
        problems: list[tuple[str, str]] = []
        if _has_magic(str(path)):
            found = _glob(path, problems, out.unsearched)
        elif path.is_dir():
            found = _walk(path, problems, out.unsearched)
        elif path.is_file():
            found = [path]
        else:
            problems.append((label, "no such file, folder or glob match"))
            found = []
        matched = 0
        for file in sorted(found):
            if file.suffix.lower() in wanted and not file.name.startswith("."):
                loc = str(file.resolve())
                refs.setdefault(loc, SourceRef(loc, file.name, _kind_of(loc) or "text"))
                matched += 1
        if not matched:
            out.empty.append(label)
            if not problems:
                problems.append((label, f"matched no article (extensions {sorted(wanted)})"))
        out.problems += problems
    out.refs = list(refs.values())
    return out


def is_url(entry: str) -> bool:
    return entry.startswith(("http://", "https://"))


def _has_magic(path: str) -> bool:
    return any(ch in path for ch in "*?[")


def _walk(top: Path, problems: list[tuple[str, str]], unsearched: list[str],
          max_depth: int | None = None) -> list[Path]:
    """Every file under `top`, following linked folders once each, so a symlink loop ends.

    What cannot be searched is reported, not skipped in silence: unreadable folders, dangling or looping
    links, and links back to a folder already searched.
    """
    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            problems.append((str(folder), f"cannot search: {exc.strerror or exc}"))
            unsearched.append(str(folder.resolve()))
            continue
        if (info.st_dev, info.st_ino) in seen:
            problems.append((str(folder), "a link back to a folder already searched (symlink loop?), skipped"))
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append((str(folder), f"unreadable folder: {exc.strerror or exc}"))
            unsearched.append(str(folder.resolve()))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                os.stat(path)
            except OSError as exc:
                problems.append((str(path), f"broken link: {exc.strerror or exc}"))
                continue
            if entry.is_dir():
                if max_depth is None or depth + 1 < max_depth:
                    stack.append((path, depth + 1))
            elif entry.is_file():
                files.append(path)
    return files


def _glob(pattern: Path, problems: list[tuple[str, str]], unsearched: list[str]) -> list[Path]:
    """Files matching a glob (`**` spans folders), found by `_walk` so that symlink loops end."""
    parts = pattern.parts
    first = next(i for i, part in enumerate(parts) if _has_magic(part))
    base, pats = Path(*parts[:first]), parts[first:]
    if not base.is_dir():
        problems.append((str(pattern), f"no such folder: {base}"))
        return []
    depth = None if "**" in pats else len(pats)
    return [f for f in _walk(base, problems, unsearched, depth) if _matches(f.relative_to(base).parts, pats)]


def _matches(parts: tuple[str, ...], pats: tuple[str, ...]) -> bool:
    if not pats:
        return not parts
    if pats[0] == "**":
        return any(_matches(parts[i:], pats[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pats[0]) and _matches(parts[1:], pats[1:])


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
    """GET a URL, conditionally when validators are known; None means 'not modified'.

    `timeout` bounds the whole fetch, not each read: a server that trickles a byte a second is cut off at the
    deadline (at most one read timeout later). `max_bytes` bounds both the bytes on the wire and the bytes they
    decompress to, checked as they arrive, so neither a 5 GB body nor a gzip bomb is ever held in memory.
    """
    headers = {"User-Agent": "quoteline/0.1", "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True) as client, \
                client.stream("GET", ref.location, headers=headers) as response:
            if response.status_code == 304:
                return None
            if response.status_code >= 400:
                raise SourceError(f"{ref.location}: HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise SourceError(f"{ref.location}: {declared} bytes is over the {max_bytes}-byte limit")
            body = _read_capped(ref.location, response, deadline, timeout, max_bytes)
    except httpx.HTTPError as exc:
        raise SourceError(f"{ref.location}: fetch failed: {exc.__class__.__name__}: {exc}") from exc
    content_type = response.headers.get("content-type")
    kind = ref.kind
    if content_type and _kind_of(ref.location) is None:
        kind = "html" if "html" in content_type else "markdown" if "markdown" in content_type else "text"
    return RawSource(SourceRef(ref.location, ref.name, kind), body, content_type,
                     response.headers.get("etag"), response.headers.get("last-modified"))


def _read_capped(where: str, response: httpx.Response, deadline: float, timeout: float, max_bytes: int) -> bytes:
    """The response body, decompressed here (gzip, deflate) with its output bounded, before the deadline."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise SourceError(f"{where}: unsupported content encoding {encoding!r}")
    inflate = None if encoding == "identity" else zlib.decompressobj(47)  # 47: gzip or zlib header, detected
    body, wire = bytearray(), 0
    for chunk in response.iter_raw():  # as the network delivers: a chunk size would wait to fill it
        wire += len(chunk)
        if time.monotonic() > deadline:
            raise SourceError(f"{where}: fetch took longer than the {timeout:g} s limit ({wire} bytes received)")
        if wire > max_bytes:
            raise SourceError(f"{where}: over the {max_bytes}-byte limit")
        body += inflate.decompress(chunk, max_bytes + 1 - len(body)) if inflate else chunk
        if len(body) > max_bytes or (inflate and inflate.unconsumed_tail):
            raise SourceError(f"{where}: decompresses to over the {max_bytes}-byte limit")
    return bytes(body)


# Line ends other than LF and CRLF (old Mac exports' lone CR, Unicode's line and paragraph separators, NEL, VT,
# FF) become LF, one character for one, so every offset into the decoded text stays valid.
OTHER_LINE_ENDS = re.compile("\r(?!\n)|[\u2028\u2029\x85\x0b\x0c]")


def decode(raw: RawSource) -> str:
    """Bytes to text (`_decode`), with every family of line ends made LF or CRLF, so lines are lines."""
    return OTHER_LINE_ENDS.sub("\n", _decode(raw))


def _decode(raw: RawSource) -> str:
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
    if b"\x00" in data:  # one rule for the whole file: text has no NUL bytes, except UTF-16 without a BOM
        text = _utf16_without_bom(data)
        if text is None:
            raise SourceError(f"{where}: binary content (NUL bytes), not a text article")
        return text
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


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NULs in one byte position of each pair (the high byte of ASCII
    and Latin characters), almost none in the other, and the whole file decodes to text."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    pairs = len(data) // 2
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= 0.1 * pairs and low <= 0.01 * pairs:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and not _looks_binary(text):
                return text
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > len(sample) * 0.05
