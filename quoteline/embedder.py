"""Sentence embeddings for statements: the same text in any language lands near its translations."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

from extractors.records import normalize_text
from quoteline.config import Config
from quoteline.models import BUILTIN_SPEC, MANIFEST, hash_file, load_sentence_transformer, resolve_model


def cpu_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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
    return _version(resolve_model(model, Path(cache_dir), allow_hub), prefix)


class Embedder:
    """A sentence-transformers model on CPU, configured like `[embedding]` in quoteline.toml.

    Vectors are float32 and L2-normalized, so a dot product is the cosine. `model_version` names the
    model (and prefix) exactly, so stored vectors can be told apart from vectors of another model.
    """

    def __init__(self, model: str = BUILTIN_SPEC, *, cache_dir: Path | str, allow_hub: bool = False,
                 batch_size: int = 32, prefix: str = ""):
        self.source = resolve_model(model, Path(cache_dir), allow_hub)
        self.batch_size = batch_size
        self.prefix = prefix
        self.model_version = _version(self.source, prefix)
        import torch
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a per-layer progress bar is noise in a pipeline's log
        # a process started to share the machine with others (a Dask worker: OMP_NUM_THREADS=1) keeps to its share
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or 0) or cpu_cores())
        if Path(self.source).is_dir():  # offline: a missing file must not trigger a download
            self.model = load_sentence_transformer(Path(self.source))
        else:  # a hub id, allowed by `allow_hub`
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(self.source, device="cpu")
        self.dim = int(self.model.get_embedding_dimension())
        self._encoding = threading.Lock()  # torch already spreads one encode over every core of the process

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed `normalize_text(t)` (with the configured prefix) for each text: (n, dim) float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        inputs = [self.prefix + normalize_text(t) for t in texts]
        with self._encoding:
            vectors = self.model.encode(inputs, batch_size=self.batch_size, convert_to_numpy=True,
                                        normalize_embeddings=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def embedding_settings(cfg: Config) -> dict:
    """The `[embedding]` settings that name a model version: model, cache folder, hub permission, prefix."""
    emb = cfg.embedding
    return {"model": emb.model, "cache_dir": cfg.resolve(emb.cache_dir), "allow_hub": emb.allow_hub,
            "prefix": emb.prefix}


def load_embedder(cfg: Config) -> Embedder:
    return Embedder(**embedding_settings(cfg), batch_size=cfg.embedding.batch_size)


_shared: dict[tuple, Embedder] = {}
_sharing = threading.Lock()


def shared_embedder(cfg: Config) -> Embedder:
    """This process's instance of the configured model, loaded on first use and kept.

    The flow's embedding tasks call this wherever the task runner puts them: a Dask worker process loads the model
    once for all the chunks it is given, and the threads of one process share one copy.
    """
    settings = embedding_settings(cfg)
    key = (*(str(settings[k]) for k in sorted(settings)), cfg.embedding.batch_size)
    with _sharing:
        if key not in _shared:
            _shared[key] = load_embedder(cfg)
        return _shared[key]


def shared_embedders() -> int:
    """How many models this process holds (a worker that embedded holds one)."""
    return len(_shared)
