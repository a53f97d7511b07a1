"""The errors a user can meet, each a one-line message and an exit code a scheduler can act on.

Everything the command line reports on purpose is a `QuotelineError`; `quoteline.cli` prints it as
`quoteline: <message>` and exits with its `exit_code`. Anything else is a bug: one line too, and the traceback
only with `--debug`. The codes (also in README.md, "Exit codes"):

    0   success
    1   the command failed (a missing warehouse, a bad SQL query, a file that cannot be written, …)
    2   bad usage or configuration (an unknown option, a value of the wrong type, a config file that does not validate)
    3   busy: another run holds the warehouse (try again later, or `flow.on_busy = "wait"`)
    4   the run completed, but some articles failed (listed in the summary and in `quoteline export failures`)
    70  an internal error (a bug: please report it with the output of `--debug`)
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_PARTIAL = 4
EXIT_INTERNAL = 70


class QuotelineError(Exception):
    """A failure with a message meant for the user (no traceback) and the exit code that tells what kind."""

    exit_code = EXIT_ERROR


class ConfigError(QuotelineError, ValueError):
    """The configuration file is missing, unreadable or has a bad value."""

    exit_code = EXIT_USAGE


class UsageError(QuotelineError, ValueError):
    """A command-line value the command cannot use (a negative count, a missing output file, …)."""

    exit_code = EXIT_USAGE


class BusyError(QuotelineError, RuntimeError):
    """Another process holds what this one needs (the warehouse file, the run lock)."""

    exit_code = EXIT_BUSY


class WarehouseMissing(QuotelineError, FileNotFoundError):
    """The DuckDB file named by `--db` or `warehouse.path` does not exist or is not a DuckDB file."""


class QueryError(QuotelineError, ValueError):
    """A SQL query the warehouse refused (a syntax error, an unknown column, a write on a read-only file)."""
