"""Sentence embeddings for statements: the same text in any language lands near its translations."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

from extractors.records import normalize_text
from quoteline.config import Config
from quoteline.memory import give_back
from quoteline.models import (BUILTIN_SPEC, MANIFEST, ModelNotInstalledError, hash_file, load_sentence_transformer,
                              resolve_model)

# A fixed probe every loaded model must pass before it embeds anything: two invented sentences that say the same
# in two languages must be nearer each other than either is to an unrelated one. Broken or overwritten weights
# give NaNs, constant vectors or noise, and fail it; a working multilingual model passes with a wide margin.
PROBE = ("The new bridge over the river opens to traffic in May.",
         "Die neue Brücke über den Fluss wird im Mai für den Verkehr freigegeben.",
         "Kucing oranye itu tidur sepanjang sore di atas lemari buku.")
PROBE_MARGIN = 0.05
NORM_TOLERANCE = 1e-3


class ModelUnavailable(RuntimeError):
    """The configured model cannot embed now: not installed, unloadable, or failing its checks.

    A run loads what it extracted and leaves the embedding pending for the next run."""


def cpu_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def busy_elsewhere(samples: int = 3, gap_s: float = 0.01) -> int:
    """Threads of other processes running or waiting for a core right now (the running count of /proc/loadavg
    less this process's own running threads; the median of a few samples); 0 where /proc is not there."""
    import time

    counts = []
    for n in range(samples):
        try:
            with open("/proc/loadavg") as f:
                running = int(f.read().split()[3].split("/")[0])
            own = 0
            for task in os.listdir("/proc/self/task"):
                try:
                    with open(f"/proc/self/task/{task}/stat") as f:
                        own += f.read().rsplit(")", 1)[1].split()[0] == "R"
                except OSError:
                    continue
        except (OSError, IndexError, ValueError):
            return 0
        counts.append(max(0, running - own))
        if n + 1 < samples:
            time.sleep(gap_s)
    return sorted(counts)[len(counts) // 2]


def embedding_threads(setting: int = 0) -> int:
    """The threads torch embeds with: `setting` when not 0; else the cores this process may use (capped by
    OMP_NUM_THREADS, as a Dask worker started to share the machine sets it) less those other processes keep busy
    now, at least one. Two threads on two cores with one core taken by another job embed at about 0.4x the speed
    of one thread (torch's threads wait for each other at every layer), so a busy core is left alone."""
    if setting:
        return setting
    cores = min(cpu_cores(), int(os.environ.get("OMP_NUM_THREADS") or 0) or cpu_cores())
    return max(1, cores - busy_elsewhere())


def _folder_version(folder: Path) -> str:
    """`<folder>@<hash>`: the manifest's hash for a quoteline build, else a hash of configs + weights."""
    manifest = folder / MANIFEST
    h = hashlib.sha256()
    if manifest.is_file():
        hash_file(h, manifest)
    else:
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.suffix in {".json", ".safetensors", ".bin", ".model"}:
                h.update(str(f.relative_to(folder)).encode() + b"\0")
                hash_file(h, f)
    return f"{folder.name}@{h.hexdigest()[:16]}"


def _version(source: str, prefix: str) -> str:
    """The version of a resolved model (`resolve_model`'s answer) with its prefix."""
    base = _folder_version(Path(source)) if Path(source).is_dir() else source
    return f"{base}|prefix={prefix}" if prefix else base


def model_version_for(model: str, cache_dir: Path | str, allow_hub: bool = False, prefix: str = "") -> str:
    """The version stored with vectors, known without loading the model: a run that has nothing new to
    embed can tell so from the warehouse alone, and never pays the model's load time."""
    try:
        return _version(resolve_model(model, Path(cache_dir), allow_hub), prefix)
    except (ModelNotInstalledError, FileNotFoundError, ValueError) as exc:
        raise ModelUnavailable(str(exc)) from exc


class Embedder:
    """A sentence-transformers model on CPU, configured like `[embedding]` in quoteline.toml.

    Vectors are float32 and L2-normalized, so a dot product is the cosine. `model_version` names the
    model (and prefix) exactly, so stored vectors can be told apart from vectors of another model.
    """

    def __init__(self, model: str = BUILTIN_SPEC, *, cache_dir: Path | str, allow_hub: bool = False,
                 batch_size: int = 32, prefix: str = "", threads: int = 0, batch_tokens: int = 2048):
        self.source = resolve_model(model, Path(cache_dir), allow_hub)
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens  # `[embedding] batch_tokens`: 0, batches of batch_size texts whatever their length
        self.prefix = prefix
        self.threads = threads  # `[embedding] threads`: 0 chooses for the machine's load at every encode
        self.model_version = _version(self.source, prefix)
        import torch
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a per-layer progress bar is noise in a pipeline's log
        torch.set_num_threads(embedding_threads(threads))
        try:
            if Path(self.source).is_dir():  # offline: a missing file must not trigger a download
                self.model = load_sentence_transformer(Path(self.source))
            else:  # a hub id, allowed by `allow_hub`
                from sentence_transformers import SentenceTransformer

                self.model = SentenceTransformer(self.source, device="cpu")
        except Exception as exc:  # truncated weights, a broken config: whatever the loader says, name the model
            first = str(exc).splitlines()[0] if str(exc) else ""
            raise ModelUnavailable(f"{self.source}: the embedding model does not load ({exc.__class__.__name__}: "
                                   f"{first[:200]}); rebuild it (`quoteline model install --force`)") from exc
        self.dim = int(self.model.get_embedding_dimension())
        self._encoding = threading.Lock()  # torch already spreads one encode over every core of the process
        self._probe()

    def _probe(self) -> None:
        """Refuse a model whose output fails the fixed probe: its vectors would be stored as if they were good."""
        vectors = self.encode(list(PROBE))
        same, unrelated = float(vectors[0] @ vectors[1]), max(float(vectors[0] @ vectors[2]), float(vectors[1] @ vectors[2]))
        if not same >= unrelated + PROBE_MARGIN:
            raise ModelUnavailable(
                f"{self.source}: the embedding model fails its probe (a sentence and its translation at cosine "
                f"{same:.3f}, unrelated sentences at {unrelated:.3f}); its weights look damaged: rebuild it "
                "(`quoteline model install --force`)")

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed `normalize_text(t)` (with the configured prefix) for each text: (n, dim) float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        inputs = [self.prefix + normalize_text(t) for t in texts]
        with self._encoding:
            import torch

            wanted = embedding_threads(self.threads)
            if torch.get_num_threads() != wanted:
                torch.set_num_threads(wanted)
            if not self.batch_tokens:
                vectors = self.model.encode(inputs, batch_size=self.batch_size, convert_to_numpy=True,
                                            normalize_embeddings=True, show_progress_bar=False)
            else:
                vectors = np.empty((len(inputs), self.dim), dtype=np.float32)
                for batch in self._batches(inputs):
                    vectors[batch] = self.model.encode([inputs[i] for i in batch], batch_size=len(batch),
                                                       convert_to_numpy=True, normalize_embeddings=True,
                                                       show_progress_bar=False)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        check_vectors(vectors, self.source)
        return vectors

    def _batches(self, inputs: list[str]) -> list[list[int]]:
        """Positions of `inputs` in forward passes: longest first (as sentence-transformers orders them), each pass
        at most `batch_size` texts and at most `batch_tokens` tokens counted as its texts times the tokens of its
        longest (padding included), so a pass of long texts takes fewer of them. The model's work space grows with
        those tokens (measured: +0.50 GB for 32 texts of 512 tokens, +0.15 GB for 8), short texts still go 32 at
        a time. A text longer than the budget goes alone."""
        lengths = [len(ids) for ids in self.model.tokenizer(inputs, truncation=True, add_special_tokens=True,
                                                             max_length=self.model.max_seq_length)["input_ids"]]
        batches: list[list[int]] = []
        longest = 0
        for i in sorted(range(len(inputs)), key=lambda i: -lengths[i]):
            if batches and len(batches[-1]) < self.batch_size and (len(batches[-1]) + 1) * longest <= self.batch_tokens:
                batches[-1].append(i)
            else:
                batches.append([i])
                longest = lengths[i]
        return batches


def check_vectors(vectors: np.ndarray, source: str) -> None:
    """Every vector finite and of unit length, or `ModelUnavailable`: a bad vector must never be stored."""
    finite = np.isfinite(vectors).all(axis=1)
    norms = np.linalg.norm(np.where(finite[:, None], vectors, 0), axis=1)
    bad = ~finite | (np.abs(norms - 1) > NORM_TOLERANCE)
    if bad.any():
        raise ModelUnavailable(f"{source}: the embedding model gave {int(bad.sum())} of {len(vectors)} vectors that "
                               f"are not finite unit vectors ({int((~finite).sum())} with NaN/inf); none stored")


def embedding_settings(cfg: Config) -> dict:
    """The `[embedding]` settings that name a model version: model, cache folder, hub permission, prefix."""
    emb = cfg.embedding
    return {"model": emb.model, "cache_dir": cfg.resolve(emb.cache_dir), "allow_hub": emb.allow_hub,
            "prefix": emb.prefix}


def load_embedder(cfg: Config) -> Embedder:
    return Embedder(**embedding_settings(cfg), batch_size=cfg.embedding.batch_size, threads=cfg.embedding.threads,
                    batch_tokens=cfg.embedding.batch_tokens)


_shared: dict[tuple, Embedder] = {}
_sharing = threading.Lock()


def _shared_key(cfg: Config) -> tuple:
    settings = embedding_settings(cfg)
    return (*(str(settings[k]) for k in sorted(settings)), cfg.embedding.batch_size, cfg.embedding.threads,
            cfg.embedding.batch_tokens)


def shared_embedder(cfg: Config) -> Embedder:
    """This process's instance of the configured model, loaded on first use and kept.

    The flow's embedding tasks call this wherever the task runner puts them: a Dask worker process loads the model
    once for all the chunks it is given, and the threads of one process share one copy.
    """
    key = _shared_key(cfg)
    with _sharing:
        if key not in _shared:
            _shared[key] = load_embedder(cfg)
        return _shared[key]


def release_shared_embedder(cfg: Config) -> bool:
    """Forget this process's instance of the configured model (the next `shared_embedder` loads it again) and give
    its memory back: a run's later stages do not need it. Whether there was one."""
    with _sharing:
        found = _shared.pop(_shared_key(cfg), None) is not None
    if found:
        give_back()
    return found


def shared_embedders() -> int:
    """How many models this process holds (a worker that embedded holds one)."""
    return len(_shared)
