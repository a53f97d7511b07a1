"""The flow on a real Dask cluster: two worker processes on 127.0.0.1 extract and embed, the flow's process
coordinates and loads, and the warehouse comes out the same, row for row, as with the thread runner.

The corpus is the examples plus invented stories in three languages (tests/test_ducklake.py writes them), cut into
small batches and small embedding chunks so both workers get several of each.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from flows.pipeline import quoteline_flow
from flows.runners import local_cluster_settings, task_runner_from_config
from quoteline.config import Config, load_config
from quoteline.embedder import shared_embedders
from bench.stories import write_stories
from tests.test_ducklake import REPO, assert_same_rows, project, table_rows
from warehouse import db

# small batches and chunks: several extraction and embedding tasks for each worker
WORK = {"flow": {"batch_size": 6, "extract_ahead": 3}, "embedding": {"store_every": 24}}


def test_dask_runner_from_config_takes_a_scheduler_or_starts_a_local_cluster():
    from prefect_dask import DaskTaskRunner

    remote = task_runner_from_config(Config.from_dict({"flow": {"task_runner": "dask",
                                                                "task_runner_address": "tcp://10.1.2.3:8786"}}))
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.1.2.3:8786"
    local = task_runner_from_config(Config.from_dict({"flow": {"task_runner": "dask", "max_workers": 3}}))
    assert local.address is None and local.cluster_kwargs == local_cluster_settings(3)
    assert local.cluster_kwargs["processes"] and local.cluster_kwargs["host"] == "127.0.0.1"
    assert local_cluster_settings()["n_workers"] >= 1


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local, Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cluster-corpus")
    for path in sorted((REPO / "examples").iterdir()):
        shutil.copy(path, folder / path.name)
    write_stories(folder, 10)
    return folder


def run(config: Path, corpus: Path):
    runner = task_runner_from_config(load_config(config))
    return quoteline_flow.with_options(task_runner=runner)(config_path=str(config), sources=[str(corpus)])


def worker_counts(client: Client) -> dict[str, tuple[int, int]]:
    """Per worker: (tasks it executed, models it holds)."""
    return client.run(lambda dask_worker: (dask_worker.state.executed_count, shared_embedders()))


@pytest.mark.slow
def test_the_flow_on_a_local_dask_cluster_writes_what_the_thread_runner_writes(make_project, cluster, corpus,
                                                                               tmp_path):
    local, client = cluster
    on_dask = project(make_project, "on-dask", warehouse={"path": str(tmp_path / "dask.duckdb")},
                      flow={**WORK["flow"], "task_runner": "dask", "task_runner_address": local.scheduler_address},
                      embedding=WORK["embedding"])
    on_threads = project(make_project, "on-threads", warehouse={"path": str(tmp_path / "threads.duckdb")},
                         flow={**WORK["flow"], "task_runner": "thread"}, embedding=WORK["embedding"])
    models_here = shared_embedders()
    before = worker_counts(client)

    dask_summary = run(on_dask, corpus)
    after = worker_counts(client)
    # the work ran on both workers, each loaded the model once; this (the flow's) process loaded none
    assert shared_embedders() == models_here
    assert all(after[w][0] > before[w][0] for w in after), (before, after)
    assert sorted(models for _, models in after.values()) == [1, 1]
    n_articles = len(list(corpus.iterdir()))
    assert dask_summary.counts["new"] == n_articles and not dask_summary.failures
    assert dask_summary.counts["embedded"] > 2 * WORK["embedding"]["store_every"]  # several chunks
    assert dask_summary.counts["links"] > 0

    thread_summary = run(on_threads, corpus)
    assert thread_summary.counts == dask_summary.counts
    left, right = table_rows(tmp_path / "dask.duckdb"), table_rows(tmp_path / "threads.duckdb")
    assert left["quotes"] and left["tweets"] and left["links"] and left["speakers"]
    assert_same_rows(left, right)

    # more articles later: the same workers embed them with the models they hold, loading none again
    write_stories(corpus, 3, start=10)
    try:
        more = run(on_dask, corpus)
    finally:
        for path in corpus.glob("story0001[0-2]_*.txt"):
            path.unlink()
    assert more.counts["new"] == 9 and more.counts["skipped"] == n_articles and more.counts["embedded"] > 0
    assert sorted(models for _, models in worker_counts(client).values()) == [1, 1]
    with db.connect(tmp_path / "dask.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (n_articles + 9,)
