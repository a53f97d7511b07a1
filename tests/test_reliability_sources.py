"""Reliability of discovery and reading (issues 12 and 15): a bad source is reported and never hides the others.

Real files, real symlinks and loops, a real unreadable folder (as an unprivileged user when the tests run as
root), real HTTP servers on 127.0.0.1 that hang, trickle, bomb and announce 5 GB.
"""
from __future__ import annotations

import ctypes
import gzip
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quoteline.sources import RawSource, SourceError, SourceRef, decode, discover, fetch_url

ARTICLE = "„Wir bauen die Brücke“, sagte Bürgermeisterin Jana Kowalczyk am Montag.\n"


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- 12.1 / 15.5: a source that yields nothing is reported, the others are still found ------------------------

def test_missing_source_and_bad_list_line_are_reported_beside_the_others(tmp_path: Path):
    write(tmp_path / "a" / "one.txt")
    write(tmp_path / "b" / "two.txt")
    (tmp_path / "list.txt").write_text("# sources\nb\nno/such/folder\n", encoding="utf-8")
    found = discover(["a", "missing-folder"], tmp_path, [".txt"], "list.txt")
    assert sorted(r.name for r in found.refs) == ["one.txt", "two.txt"]
    where = [w for w, _ in found.problems]
    assert where == ["missing-folder", f"{tmp_path / 'list.txt'}:3: no/such/folder"]
    assert found.empty == where


@pytest.mark.parametrize("paths, extensions", [
    (["*.text"], [".txt"]),          # a glob that matches nothing
    (["corpus"], ".txt"),            # extensions as one string: read letter by letter, matches nothing
    (["corpus"], [".pdf"]),          # a folder with no article of the wanted kinds
])
def test_a_root_that_yields_nothing_is_named(tmp_path: Path, paths, extensions):
    write(tmp_path / "corpus" / "one.txt")
    found = discover(paths, tmp_path, extensions)
    assert found.refs == [] and found.empty == paths
    assert "yielded no article" in found.deletion_refusal(gone=1, active=1, max_share=1.0)


def test_deletion_share_guard(tmp_path: Path):
    write(tmp_path / "one.txt")
    found = discover(["one.txt"], tmp_path, [".txt"])
    assert found.deletion_refusal(gone=2, active=10, max_share=0.2) is None
    refusal = found.deletion_refusal(gone=3, active=10, max_share=0.2)
    assert "3 of 10" in refusal and "max_deleted_share" in refusal


# --- 12.7 / 15.7: symlink loops end, dangling links and unreadable folders are reported ----------------------

def test_symlink_loop_in_a_recursive_glob_terminates(tmp_path: Path):
    write(tmp_path / "c" / "deep" / "one.txt")
    (tmp_path / "c" / "deep" / "loop").symlink_to(tmp_path / "c")      # a loop back up
    (tmp_path / "c" / "self").symlink_to(tmp_path / "c" / "self")       # a link to itself
    (tmp_path / "c" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # dangling
    for entry in ("**/*.txt", "c"):
        found = discover([entry], tmp_path, [".txt"])
        assert [r.name for r in found.refs] == ["one.txt"]
        reasons = " | ".join(f"{w}: {r}" for w, r in found.problems)
        assert "loop: a link back to a folder already searched" in reasons
        assert "self: broken link" in reasons and "gone.txt: broken link" in reasons


def test_linked_folder_is_followed_once(tmp_path: Path):
    write(tmp_path / "real" / "one.txt")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "linked").symlink_to(tmp_path / "real")
    assert [r.name for r in discover(["corpus"], tmp_path, [".txt"]).refs] == ["one.txt"]


def _without_read_override() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root meets modes as any user does."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # PR_CAPBSET_DROP: the capabilities the exec'd program starts without
        if libc.prctl(24, cap, 0, 0, 0) != 0 and os.geteuid() == 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_folder_is_reported_and_protects_its_articles(tmp_path: Path):
    write(tmp_path / "open" / "one.txt")
    write(tmp_path / "closed" / "two.txt")
    os.chmod(tmp_path / "closed", 0o000)
    code = ("import sys; from pathlib import Path; from quoteline.sources import discover;"
            "f = discover([sys.argv[1]], Path('/'), ['.txt']);"
            "print([r.name for r in f.refs]); print(f.problems); print(f.searched(sys.argv[2]))")
    try:
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(tmp_path / "closed" / "two.txt")],
                             capture_output=True, text=True, check=True, preexec_fn=_without_read_override).stdout
    finally:
        os.chmod(tmp_path / "closed", 0o755)
    names, problems, searched = out.splitlines()
    assert names == "['one.txt']"
    assert "closed" in problems and "unreadable folder: Permission denied" in problems
    assert searched == "False"  # its article is not concluded gone


# --- 15.7: UTF-16 without a BOM, one NUL rule for the whole file ---------------------------------------------

def raw(data: bytes) -> RawSource:
    return RawSource(SourceRef("/x/article.txt", "article.txt", "text"), data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARTICLE * 3, "«Мы построим мост», — сказала мэр Анна Петрова в понедельник.\n" * 3])
def test_utf16_without_bom_is_decoded(codec, text):
    assert decode(raw(text.encode(codec))) == text


@pytest.mark.parametrize("where", [10, 8192 + 10, 100_000])
def test_one_nul_rule_for_the_whole_file(where):
    data = bytearray((ARTICLE * 3000).encode("utf-8"))
    data[where] = 0
    with pytest.raises(SourceError, match=r"/x/article.txt: binary content \(NUL bytes\)"):
        decode(raw(bytes(data)))


# --- 12.6: URL fetches with a total deadline and a body cap, against real servers -------------------------

class _Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/hang":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
        elif self.path == "/bomb":
            body = gzip.compress(b"\0" * 50_000_000)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(5 * 1024 ** 3))
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"y" * 65536)
            except OSError:
                return
        elif self.path == "/chunked-huge":  # no length announced
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"10000\r\n" + b"z" * 65536 + b"\r\n")
            except OSError:
                return
        elif self.path == "/gzip-ok":
            body = gzip.compress(ARTICLE.encode("utf-8"))
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def fetch(url: str, timeout: float = 2.0, max_bytes: int = 1_000_000):
    return fetch_url(SourceRef(url, url.rsplit("/", 1)[1], "text"), timeout=timeout, max_bytes=max_bytes)


def test_gzip_body_is_decoded(hostile):
    assert decode(fetch(f"{hostile}/gzip-ok")) == ARTICLE


@pytest.mark.parametrize("path, reason", [
    ("/trickle", r"longer than the 2 s limit"),
    ("/hang", r"fetch failed: ReadTimeout"),
    ("/bomb", r"decompresses to over the 1000000-byte limit"),
    ("/huge", r"5368709120 bytes is over the 1000000-byte limit"),
    ("/chunked-huge", r"over the 1000000-byte limit"),
])
def test_hostile_urls_are_refused_with_their_reason(hostile, path, reason):
    with pytest.raises(SourceError, match=rf"127\.0\.0\.1:\d+{path}: .*{reason}"):
        fetch(f"{hostile}{path}")
