"""`quoteline …`: the command line (typer). `app` is the typer app, `main` the console script.

Commands live in the modules below by what they do; each adds itself to `app` when imported.
"""
from __future__ import annotations

import os
import sys

# quiet model loading: progress bars and notices belong in the logs of a library, not in a CLI's output
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from quoteline.cli._app import app  # noqa: E402
from quoteline.cli import data, run, schedule, setup, web  # noqa: E402,F401  (each registers its commands)

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv); return the exit code."""
    import typer.main

    return typer.main.get_command(app).main(args=argv, prog_name="quoteline", standalone_mode=False)


def _console_script() -> None:
    sys.exit(main())
