"""The settings file is validated whole when it is read: each mistake below was once ignored or a traceback deep in
a run; now it is one message naming the file, the key, the value and what is expected."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quoteline.config import Config, ConfigError, Settings, init_project, load_config, render_config

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "config" / "quoteline.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "quoteline.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("[flow]\nbatch_size = \"abc\"\n", 'flow.batch_size = "abc": expected an integer'),
    ("[sources]\nmax_bytes = \"20MB\"\n", 'sources.max_bytes = "20MB": expected an integer'),
    ("[links]\nmin_cosine = \"high\"\n", 'links.min_cosine = "high": expected a number'),
    ("[flow]\non_busy = \"exitt\"\n", 'flow.on_busy = "exitt": expected one of "exit", "wait"'),
    ("[embedding]\nenabled = \"false\"\n", 'embedding.enabled = "false": expected true or false'),
    ("[sources]\npaths = \"examples\"\n", 'sources.paths = "examples": expected a list'),
    ("[sources]\npath = [\"examples\"]\n", "sources.path: unknown key; expected one of: paths, list_file"),
    ("[link]\nmin_cosine = 0.9\n", "link: unknown section; expected one of: sources, warehouse"),
    ("[flow]\nbatch_size = 0\n", "flow.batch_size = 0: expected a value greater than or equal to 1"),
    ("[links]\nmin_cosine = 1.5\n", "links.min_cosine = 1.5: expected a value less than or equal to 1"),
    ("[schedule]\ntimezone = \"Mars/Olympus\"\n", 'schedule.timezone = "Mars/Olympus": expected an IANA time zone'),
    ("[schedule]\nserver_port = \"eighty\"\n", 'schedule.server_port = "eighty": expected a port number'),
    ("links = 3\n", "links = 3: expected a [section] of keys"),
])
def test_a_bad_value_names_file_key_value_and_what_is_expected(tmp_path: Path, text: str, message: str):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_every_mistake_of_a_file_is_named_at_once(tmp_path: Path):
    path = write(tmp_path, "[flow]\nbatch_size = \"abc\"\non_busy = \"exitt\"\n[embedding]\nenabled = \"no\"\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert all(key in str(caught.value) for key in ("flow.batch_size", "flow.on_busy", "embedding.enabled"))


def test_an_empty_section_takes_the_defaults(tmp_path: Path):
    cfg = load_config(write(tmp_path, "[links]\n[flow]\n"))
    assert cfg.links == Settings().links
    assert cfg.links.min_cosine_alone > cfg.links.min_cosine  # text alone must be stronger: the defaults say so
    assert cfg.flow.batch_size >= 1


def test_not_toml_and_missing_file_are_config_errors(tmp_path: Path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[flow\n"))
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nowhere.toml")


def test_the_bundled_config_validates_and_sets_every_key():
    """The shipped file documents every setting the schema knows (a key added to one goes into the other)."""
    cfg = load_config(BUNDLED)
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    for name, field in Settings.model_fields.items():
        missing = set(field.annotation.model_fields) - set(data.get(name, {}))
        assert not missing, f"config/quoteline.toml [{name}] does not mention {sorted(missing)}"
    assert cfg.root == ROOT
    assert cfg.db_path == ROOT / cfg.warehouse.path


def test_overrides_are_validated_like_the_file(tmp_path: Path):
    cfg = load_config(BUNDLED)
    assert cfg.with_overrides(warehouse={"path": str(tmp_path / "w.duckdb")}).db_path == tmp_path / "w.duckdb"
    with pytest.raises(ConfigError, match="flow.batch_size"):
        cfg.with_overrides(flow={"batch_size": "many"})
    with pytest.raises(ConfigError, match="flow.batchsize: unknown key"):
        cfg.with_overrides(flow={"batchsize": 3})


def test_settings_are_immutable():
    cfg = Config.from_dict({})
    with pytest.raises(Exception):
        cfg.flow.batch_size = 3  # type: ignore[misc]


def test_init_writes_a_commented_config_that_validates_to_the_defaults(tmp_path: Path):
    path = init_project(tmp_path / "newsroom", ["articles", "https://example.org/feed"])
    text = path.read_text(encoding="utf-8")
    assert text.count("\n# ") > 20  # every key comes with what it means
    cfg = load_config(path)
    assert cfg.sources.paths == ["articles", "https://example.org/feed"]
    assert cfg.settings.model_copy(update={"sources": Settings().sources}) == Settings()
    assert cfg.root == tmp_path / "newsroom"
    with pytest.raises(ConfigError, match="already exists"):
        init_project(tmp_path / "newsroom")
    assert tomllib.loads(render_config()) == Settings().model_dump()
