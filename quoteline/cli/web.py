"""`quoteline web`: the search page and its JSON API (quoteline/web/, docs/web.md), the model kept loaded."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from quoteline.cli._app import ConfigOpt, DbOpt, DebugOpt, app, check_store, load


@app.command(rich_help_panel="Query")
def web(
    host: Annotated[Optional[str], typer.Option("--host", metavar="ADDRESS", show_default=False,
                                                help="Address to listen on. Default: web.host in the config, "
                                                     "127.0.0.1.")] = None,
    port: Annotated[Optional[int], typer.Option("--port", min=0, max=65535, metavar="PORT", show_default=False,
                                                help="Port. Default: web.port in the config, 8765; 0: a free one."
                                                )] = None,
    config: ConfigOpt = None, db: DbOpt = None, debug: DebugOpt = False,
) -> None:
    """The search page ("who said something like this, in any language?"), speaker and article pages, and their JSON
    API, read-only over the warehouse; the model stays loaded, so `quoteline similar` asks it first.

    Example: quoteline web --port 8765, then open http://127.0.0.1:8765/
    """
    from quoteline.embedder import load_embedder
    from quoteline.search import SearchService
    from quoteline.web import serve

    cfg = load(config, db)
    check_store(cfg)
    service = SearchService(cfg.store, load_embedder(cfg), busy_wait_s=cfg.web.busy_wait_s,
                            threads=cfg.web.threads or None)
    serve(service, host or cfg.web.host, cfg.web.port if port is None else port)
