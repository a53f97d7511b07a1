"""Discovering, fetching and decoding sources: every encoding an article may come in, and the bad ones."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from quoteline.sources import RawSource, SourceError, SourceRef, decode, discover, fetch_url, read_file

RU = "«Клиенты всегда правы», — сказала Трейси Уоллес."
FR = "« Le client est roi », a déclaré Marie Curie à l'été."


def raw(data: bytes, kind: str = "text", content_type: str | None = None) -> RawSource:
    return RawSource(SourceRef("/x/article." + {"text": "txt", "html": "html"}[kind], "article", kind), data,
                     content_type)


@pytest.mark.parametrize("data", [
    RU.encode("utf-8"),
    b"\xef\xbb\xbf" + RU.encode("utf-8"),
    RU.encode("utf-16"),                      # with BOM
    RU.encode("utf-16-be").join([b"\xfe\xff", b""]),
])
def test_unicode_encodings_with_and_without_bom(data):
    assert decode(raw(data)) == RU


def test_declared_html_charset_wins_over_detection():
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RU}</p></body></html>'
    assert RU in decode(raw(html.encode("cp1251"), "html"))


def test_http_content_type_charset():
    assert decode(raw(FR.encode("latin-1"), "html", "text/html; charset=ISO-8859-1")) == FR


def test_undeclared_legacy_encoding_is_detected():
    text = (FR + " ") * 20
    assert decode(raw(text.encode("cp1252"))) == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
])
def test_bad_bytes_name_the_file_and_reason(data, reason):
    with pytest.raises(SourceError, match=rf"/x/article.txt: .*{reason}"):
        decode(raw(data))


def test_discover_folders_globs_files_and_lists(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.html").write_text("x")
    (tmp_path / "a" / "skip.pdf").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "list.txt").write_text("# more\nb.md\nhttps://example.org/post/\n")
    found = discover(["a", str(tmp_path / "*.md"), "a/one.txt"], tmp_path, [".txt", ".md", ".html"], "list.txt")
    refs = found.refs
    assert not found.problems and not found.empty
    assert [(r.name, r.kind) for r in refs] == [("one.txt", "text"), ("two.html", "html"), ("b.md", "markdown"),
                                                ("post", "html")]
    assert len({r.id for r in refs}) == 4
    assert refs[0].id == discover([str(tmp_path / "a" / "one.txt")], tmp_path, [".txt"]).refs[0].id


def test_missing_source_is_reported(tmp_path: Path):
    found = discover(["nope"], tmp_path, [".txt"])
    assert found.refs == [] and found.empty == ["nope"]
    assert found.problems == [("nope", "no such file, folder or glob match")]


def test_oversized_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    with pytest.raises(SourceError, match="over the 10-byte limit"):
        read_file(SourceRef(str(path), "big.txt", "text"), 10)


class _Handler(http.server.BaseHTTPRequestHandler):
    body = "<html lang='es'><title>Hola</title><p>“Hola”, dijo Ana.</p></html>".encode("utf-8")

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path == "/missing":
            self.send_error(404)
            return
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_fetch_url_with_conditional_get(server):
    ref = SourceRef(f"{server}/post", "post", "html")
    got = fetch_url(ref, timeout=5, max_bytes=10_000)
    assert got.etag == '"v1"' and decode(got).startswith("<html lang='es'>")
    assert fetch_url(ref, timeout=5, max_bytes=10_000, etag='"v1"') is None


def test_fetch_errors_name_the_url(server):
    with pytest.raises(SourceError, match=r"/missing: HTTP 404"):
        fetch_url(SourceRef(f"{server}/missing", "missing", "html"), timeout=5, max_bytes=10_000)
    with pytest.raises(SourceError, match=r"127.0.0.1:9/x: fetch failed"):
        fetch_url(SourceRef("http://127.0.0.1:9/x", "x", "html"), timeout=2, max_bytes=10_000)
