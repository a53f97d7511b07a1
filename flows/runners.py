"""The task runner of a flow, chosen in config (`flow.task_runner`): threads on one machine, Dask or Ray to scale out.

Dask and Ray come from optional packages (`prefect-dask`, `prefect-ray`) that the project does not install: asking
for one without its package is a configuration error that names the package, not an ImportError deep in a run.
"""
from __future__ import annotations

import importlib

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from quoteline.config import Config, ConfigError

# kind -> (package to install, module, class); both classes take `address` (None: start a local cluster)
_SCALE_OUT = {"dask": ("prefect-dask", "prefect_dask", "DaskTaskRunner"),
              "ray": ("prefect-ray", "prefect_ray", "RayTaskRunner")}


def task_runner_from_config(cfg: Config) -> TaskRunner:
    kind = cfg.flow.task_runner  # one of "thread", "dask", "ray": the config's schema checked it
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=cfg.flow.max_workers or None)
    package, module, name = _SCALE_OUT[kind]
    try:
        runner = getattr(importlib.import_module(module), name)
    except ImportError:
        raise ConfigError(f"{cfg.path}: flow.task_runner = {kind!r} needs the {package} package, which is not "
                          f"installed: `pip install {package}` (or set flow.task_runner = \"thread\")") from None
    return runner(address=cfg.flow.task_runner_address or None)
