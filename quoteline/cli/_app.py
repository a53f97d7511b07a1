"""The `quoteline` command line: one typer app, one way to fail, one way to print rows.

Every command module adds its commands to `app`. Failures meant for the user are `QuotelineError`s (and the few
errors of lower layers listed in `_known_errors`), printed as one line `quoteline: …` with the exit code
documented in `quoteline.errors`; anything else is a bug, one line too, the traceback only with `--debug`.
Heavy imports (Prefect, torch, DuckDB) happen inside the commands that need them, so `--help` starts fast.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import errno
import json
import os
import re
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional, Sequence

import typer
from typer import _click
from typer.core import TyperGroup

from quoteline import errors
from quoteline.errors import QuotelineError, UsageError, WarehouseMissing

_debug = False


class _OutputClosed(Exception):
    """Whoever read the output stopped reading (`quoteline … | head`)."""


class _Quoteline(TyperGroup):
    """The root group: runs the command and turns whatever it raised into one line and an exit code."""

    def invoke(self, ctx):
        # click answers a closed pipe with exit 1 (and a message at exit): here it ends the command, quietly and
        # successfully, as `seq 1000000 | head` does for seq's reader
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except BrokenPipeError as exc:
            raise _OutputClosed() from exc

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        global _debug
        _debug = os.environ.get("QUOTELINE_DEBUG", "") not in ("", "0")
        try:
            code = _exit_code(super().main(args=args, prog_name=prog_name or "quoteline", complete_var=complete_var,
                                           standalone_mode=False, **extra))
        except _click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "quoteline"
            code = _fail(f"{exc.format_message()} (see `{where} --help`)", errors.EXIT_USAGE,
                         prefix=where)
        except _click.exceptions.ClickException as exc:
            code = _fail(exc.format_message(), exc.exit_code)
        except typer.Abort:
            code = _fail("aborted", 130)
        except _OutputClosed:
            _discard_stdout()
            code = 0
        except Exception as exc:  # noqa: BLE001 — the one place where any failure becomes a message
            if _debug:
                raise
            known = _known_errors(exc)
            full = _disk_full(exc)
            if full is not None:
                code = _fail(full, errors.EXIT_ERROR)
            elif known is not None:
                code = _fail(str(exc), known)
            else:
                code = _fail(f"internal error: {exc.__class__.__name__}: {exc} (run again with --debug for the "
                             "traceback, and please report it)", errors.EXIT_INTERNAL)
        if not standalone_mode:
            return code
        sys.exit(code)


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that what is still buffered is not written to the closed pipe at exit
    (Python would print "Exception ignored … BrokenPipeError" and exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind sys.stdout (a test runner's capture): nothing to flush
        pass


def _exit_code(result: Any) -> int:
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def _fail(message: str, code: int, prefix: str = "quoteline") -> int:
    first, *rest = str(message).strip().splitlines() or [""]
    print(f"{prefix}: {first}" + (" …" if rest and not _debug else ""), file=sys.stderr)
    if _debug and rest:
        print("\n".join(rest), file=sys.stderr)
    return code


def _known_errors(exc: BaseException) -> int | None:
    """The exit code of an error that is a message for the user, None for a bug."""
    if isinstance(exc, QuotelineError):
        return exc.exit_code
    from quoteline.runlock import RunBusy
    from quoteline.sources import SourceError
    from warehouse.db import WarehouseBusy

    if isinstance(exc, (RunBusy, WarehouseBusy)):
        return errors.EXIT_BUSY
    if isinstance(exc, SourceError):
        return errors.EXIT_ERROR
    return None


_NO_SPACE = re.compile(r"(?:Could not write file \"[^\"]*\": )?(?:No space left on device|Disk quota exceeded)")


def _disk_full(exc: BaseException) -> str | None:
    """The one-line message for a failure that is a full disk (anywhere in the exception's chain), else None.

    DuckDB says so in its message (a WAL write, or a checkpoint, after which the database must be reopened); the
    file as written before the failure and its WAL are what the next run starts from."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            what = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
            break
        found = _NO_SPACE.search(str(exc))
        if found:
            what = found.group()
            break
        exc = exc.__cause__ or exc.__context__
    else:
        return None
    return (f"the disk is full ({what}): free some space and run the command again; what was written before stays, "
            "and a run carries on from where this one stopped")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from quoteline.version import code_version

        print(f"quoteline {version('quoteline')} ({code_version()})")
        raise typer.Exit()


def _set_debug(value: bool) -> None:
    global _debug
    _debug = _debug or value


app = typer.Typer(
    name="quoteline", cls=_Quoteline, no_args_is_help=True, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]}, rich_markup_mode="rich",
    help="Quotations and embedded tweets from articles, with who said them, in a DuckDB warehouse.\n\n"
         "Start with `quoteline run`, then ask `quoteline similar \"…\"` or `quoteline sql \"SELECT …\"`. "
         "Exit codes: 0 ok, 1 failed, 2 bad usage or config, 3 warehouse busy, 4 run completed with failures, "
         "70 internal error.",
    epilog="Docs: README.md and docs/cli.md. Example: quoteline run && quoteline status",
)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version (package and code) and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", callback=_set_debug, is_eager=True,
                                        help="Show the traceback of an error (also per command; or "
                                             "QUOTELINE_DEBUG=1).")] = False,
) -> None:
    """Quotations and embedded tweets from articles, with who said them, in a DuckDB warehouse."""


# -- options every command shares -------------------------------------------------------------------------------

ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", "-c", metavar="FILE", show_default=False,
    help="Settings file. Default: $QUOTELINE_CONFIG, else ./config/quoteline.toml, else the bundled one.")]
DbOpt = Annotated[Optional[Path], typer.Option(
    "--db", metavar="FILE", show_default=False, help="DuckDB warehouse file. Default: warehouse.path in the config.")]
WaitOpt = Annotated[float, typer.Option(
    "--wait", min=0, metavar="SECONDS",
    help="How long to wait while another process holds what this command needs, then give up (exit 3).")]
DebugOpt = Annotated[bool, typer.Option(
    "--debug", callback=_set_debug, is_eager=True, help="Show the traceback of an error.")]


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="table (for people), json (one array), jsonl (one object a line) or csv (with a header).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


def pick_format(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def load(config: Path | None, db: Path | None = None):
    """The validated config of a command (`--config`, `--db`)."""
    from quoteline.config import config_from_args

    return config_from_args(config, db)


def check_store(cfg) -> None:
    """A one-line error, cheaply (no DuckDB import), if the configured warehouse is missing or no DuckDB file."""
    store = cfg.store
    if not store.exists():
        raise WarehouseMissing(f"{store.path}: no warehouse there; run `quoteline run` first, or name one with --db")
    if store.is_file and store.backend == "duckdb":
        try:
            with open(store.path, "rb") as fh:
                magic = fh.read(12)[8:12]
        except OSError as exc:
            raise WarehouseMissing(f"{store.path}: cannot read it ({exc.strerror})") from None
        if magic != b"DUCK":
            raise WarehouseMissing(f"{store.path}: not a DuckDB warehouse (no DuckDB header)")


@contextmanager
def reading(cfg, wait_s: float) -> Iterator[Any]:
    """A read-only connection to the warehouse, or a one-line error if there is none at the configured path."""
    import duckdb

    from warehouse import db

    store = cfg.store
    if not store.exists():
        raise WarehouseMissing(f"{store.path}: no warehouse there; run `quoteline run` first, or name one with --db")
    if store.is_file and not Path(store.path).is_file():
        raise WarehouseMissing(f"{store.path}: not a DuckDB warehouse (a folder)")
    try:
        con = db.connect(store, read_only=True, wait_s=wait_s)
    except duckdb.Error as exc:
        raise WarehouseMissing(f"{store.path}: not a {'DuckDB warehouse' if store.backend == 'duckdb' else 'DuckLake'}"
                               f" ({_first_line(exc)})") from None
    with con:
        yield con


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]


# -- printing rows ----------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A value JSON can hold: dates and timestamps as ISO 8601, decimals as numbers, bytes as hex."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def emit(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: Format, *, title: str | None = None,
         max_rows: int | None = None, out=None) -> int:
    """Print rows in one of the formats every command shares; return how many were printed."""
    out = out or sys.stdout
    n = 0
    if fmt is Format.table:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(str(column), overflow="fold")
        rows = list(rows)
        for row in rows[:max_rows] if max_rows is not None else rows:
            table.add_row(*("" if v is None else str(_plain(v)) for v in row))
            n += 1
        console = Console(file=out, soft_wrap=False)
        console.print(table)
        if max_rows is not None and len(rows) > max_rows:
            print(f"({len(rows) - max_rows} more rows; --max-rows shows more, --format csv shows all)", file=out)
        return n
    if fmt is Format.csv:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else _plain(v)
                             for v in row])
            n += 1
        return n
    if fmt is Format.jsonl:
        for row in rows:
            out.write(json.dumps(_plain(dict(zip(columns, row))), ensure_ascii=False) + "\n")
            n += 1
        return n
    out.write("[")
    for row in rows:
        out.write(("," if n else "") + "\n  " + json.dumps(_plain(dict(zip(columns, row))), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def check_positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise UsageError(f"{name} must be 1 or more, not {value}")
