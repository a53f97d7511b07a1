"""Choosing the task runner from config: threads work here; Dask/Ray without their packages fail clearly."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from prefect.task_runners import ThreadPoolTaskRunner

from flows.runners import task_runner_from_config
from quoteline.config import Config, ConfigError


def cfg(**flow) -> Config:
    return Config.from_dict({"flow": flow}, Path("/etc/quoteline.toml"))


def test_thread_runner_is_the_default_and_takes_max_workers():
    assert isinstance(task_runner_from_config(cfg()), ThreadPoolTaskRunner)
    assert task_runner_from_config(cfg(task_runner="thread", max_workers=3))._max_workers == 3


@pytest.mark.parametrize("kind, package", [("dask", "prefect-dask"), ("ray", "prefect-ray")])
def test_scale_out_runner_without_its_package_names_the_package(kind, package):
    if importlib.util.find_spec(package.replace("-", "_")):
        pytest.skip(f"{package} is installed")
    with pytest.raises(ConfigError, match=f"needs the {package} package"):
        task_runner_from_config(cfg(task_runner=kind))


def test_unknown_runner_is_a_config_error():
    with pytest.raises(ConfigError, match='flow.task_runner = "spark": expected one of "thread", "dask", "ray"'):
        task_runner_from_config(cfg(task_runner="spark"))
