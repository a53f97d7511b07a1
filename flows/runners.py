"""The task runner of a flow, chosen in config (`flow.task_runner`): threads on one machine, Dask or Ray to scale out.

What runs on it: extraction of each batch and embedding of each chunk of new texts (`flows/pipeline.py`). The
flow's own process reads sources, coordinates and writes the warehouse. With Dask, `flow.task_runner_address`
names a running scheduler (`tcp://host:8786`, its workers started with `dask worker`); empty, a local cluster of
`flow.max_workers` worker processes (0: one per core) starts with the run and stops with it.

Dask comes with the `dask` extra (`pip install -e ".[dask]"`), Ray from `prefect-ray`: asking for one without its
package is a configuration error that names the package, not an ImportError deep in a run.
"""
from __future__ import annotations

import importlib

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from quoteline.config import Config, ConfigError
from quoteline.embedder import cpu_cores

# kind -> (package, how to install it, module, class); both classes take `address` (None: start a local cluster)
_SCALE_OUT = {"dask": ("prefect-dask", 'pip install -e ".[dask]"', "prefect_dask", "DaskTaskRunner"),
              "ray": ("prefect-ray", "pip install prefect-ray", "prefect_ray", "RayTaskRunner")}


def task_runner_from_config(cfg: Config) -> TaskRunner:
    kind = cfg.flow.task_runner  # one of "thread", "dask", "ray": the config's schema checked it
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=cfg.flow.max_workers or None)
    package, install, module, name = _SCALE_OUT[kind]
    try:
        runner = getattr(importlib.import_module(module), name)
    except ImportError:
        raise ConfigError(f"{cfg.path}: flow.task_runner = {kind!r} needs the {package} package, which is not "
                          f"installed: `{install}` (or set flow.task_runner = \"thread\")") from None
    address = cfg.flow.task_runner_address or None
    if kind == "dask" and address is None:
        return runner(cluster_kwargs=local_cluster_settings(cfg.flow.max_workers))
    return runner(address=address)


def local_cluster_settings(workers: int = 0) -> dict:
    """A `distributed.LocalCluster` on this machine: `workers` processes (0: one per core) of one thread each, so
    each holds one model and one batch at a time and torch inside it uses the cores the process is given; on
    127.0.0.1 only, without a dashboard (no port opened to the network)."""
    return {"n_workers": workers or cpu_cores(), "threads_per_worker": 1, "processes": True,
            "host": "127.0.0.1", "dashboard_address": None}
