"""The FastAPI application: HTML pages (Jinja2) and the JSON API behind each, over one `SearchService`.

Routes hold no logic and no SQL: they read their parameters (validated by FastAPI, bound as parameters below),
ask the service, and render its answer as HTML or JSON. The browser never sends SQL.
"""
from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from quoteline.search import ArticlePage, Month, NotFound, SearchResult, SearchService, SpeakerPage
from quoteline.version import code_version
from warehouse.db import WarehouseBusy

HERE = Path(__file__).resolve().parent
ARTICLE_ID = r"^[0-9a-f]{1,64}$"
LANG = r"^[A-Za-z]{0,3}$"
QueryText = Annotated[str, Query(max_length=2000, description="the statement to look for, in any language")]
K = Annotated[int, Query(ge=1, le=100, description="how many statement groups")]
Lang = Annotated[str | None, Query(pattern=LANG, description="only statements in this language (ISO 639-1)")]


def month_chart(months: list[Month], width: int = 640, height: int = 120) -> dict:
    """Bars of an inline SVG chart of statements a month: positions computed here, drawn by the template."""
    if not months:
        return {"width": width, "height": height, "bars": [], "ticks": [], "max": 0}
    top = max(m.count for m in months) or 1
    left, bottom, plot_h = 24, 20, height - 32
    step = (width - left - 4) / len(months)
    bars, ticks = [], []
    for i, m in enumerate(months):
        h = plot_h * m.count / top
        x = left + i * step
        bars.append({"x": round(x + step * 0.1, 1), "w": round(max(step * 0.8, 1), 1), "y": round(height - bottom - h, 1),
                     "h": round(h, 1), "month": m.month, "count": m.count})
        if i == 0 or i == len(months) - 1 or (m.month.endswith("-01") and len(months) > 2):
            ticks.append({"x": round(x + step / 2, 1), "label": m.month})
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "max": top, "left": left,
            "base": height - bottom}


def create_app(service: SearchService) -> FastAPI:
    # Swagger's page loads its scripts from a CDN: the schema is served, its viewer is not.
    app = FastAPI(title="quoteline", version=code_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["month_chart"] = month_chart
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"db": Path(str(service.store.path)).name, **context},
                                          status_code=status_code)

    def failure(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status)
        return page(request, "error.html", status_code=status, message=message, status=status)

    @app.exception_handler(NotFound)
    def not_found(request: Request, exc: NotFound) -> Response:
        return failure(request, 404, str(exc))

    @app.exception_handler(WarehouseBusy)
    def busy(request: Request, exc: WarehouseBusy) -> Response:
        return failure(request, 503, "the warehouse is being written by a run: try again in a moment")

    @app.exception_handler(duckdb.Error)
    def unreadable(request: Request, exc: duckdb.Error) -> Response:
        return failure(request, 503, f"the warehouse cannot be read: {str(exc).splitlines()[0]}")

    @app.get("/", response_class=HTMLResponse, summary="the search page")
    def search_page(request: Request, q: QueryText = "", k: K = 10, lang: Lang = None) -> HTMLResponse:
        result = service.search(q, k, lang) if q.strip() else None
        return page(request, "search.html", q=q, k=k, lang=(lang or "").lower(), result=result,
                    languages=service.languages())

    @app.get("/speaker/{speaker_id}", response_class=HTMLResponse, summary="everything one person said")
    def speaker_page(request: Request, speaker_id: Annotated[int, PathParam(ge=1)]) -> HTMLResponse:
        return page(request, "speaker.html", p=service.speaker(speaker_id))

    @app.get("/article/{article_id}", response_class=HTMLResponse, summary="an article, its statements marked")
    def article_page(request: Request, article_id: Annotated[str, PathParam(pattern=ARTICLE_ID)]) -> HTMLResponse:
        return page(request, "article.html", a=service.article(article_id))

    @app.get("/api/search", response_model=SearchResult, summary="statement groups nearest to a text")
    def api_search(q: Annotated[str, Query(min_length=1, max_length=2000)], k: K = 10, lang: Lang = None) -> SearchResult:
        return service.search(q, k, lang)

    @app.get("/api/speaker/{speaker_id}", response_model=SpeakerPage, summary="everything one person said")
    def api_speaker(speaker_id: Annotated[int, PathParam(ge=1)]) -> SpeakerPage:
        return service.speaker(speaker_id)

    @app.get("/api/article/{article_id}", response_model=ArticlePage, summary="an article and its statements")
    def api_article(article_id: Annotated[str, PathParam(pattern=ARTICLE_ID)]) -> ArticlePage:
        return service.article(article_id)

    @app.get("/api/health", summary="the warehouse and model this service answers from")
    def health() -> dict:
        return {"status": "ok", "db": str(service.store), "model_version": service.embedder.model_version,
                "version": code_version()}

    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one), bound before serving so the address is known."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(service: SearchService, host: str, port: int, log_level: str = "warning") -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM end it cleanly); the address is printed once it listens."""
    import uvicorn

    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"quoteline web: http://{shown}:{sock.getsockname()[1]}/  (warehouse {service.store}, read-only)",
          file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(service), log_level=log_level, access_log=False))
    server.run(sockets=[sock])
