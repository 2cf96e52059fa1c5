"""The staff console's FastAPI app: `create_app()` migrates the console database and wires
the pages; `uvicorn console.app:create_app --factory` serves it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import PlainTextResponse, Response

from console import routes_auth, routes_bookings, routes_conversations, routes_reports
from console.bookings import BookingReader
from console.config import Settings, load_settings
from console.db import migrate, read_only_engine, writable_engine
from console.masking import Recogniser
from console.security import SecurityHeadersMiddleware
from console.state import Console
from console.tracker import TrackerReader
from console.web import SESSION_COOKIE, LoginRequired, PageError, redirect, render

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Optional[Settings] = None,
               recogniser: Optional[Recogniser] = None) -> FastAPI:
    """Build the app; migrations run here, so a fresh database is ready at start."""
    settings = settings or load_settings()
    migrate(settings.console_db_url)
    app = FastAPI(title="Family Guide staff console", docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.console = Console(
        settings=settings,
        engine=writable_engine(settings.console_db_url),
        tracker=TrackerReader(read_only_engine(settings.tracker_db_url)),
        booking=BookingReader(read_only_engine(settings.booking_db_url)),
        _recogniser=recogniser,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(routes_auth.router)
    app.include_router(routes_conversations.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_bookings.router)

    @app.on_event("startup")
    def warm_up() -> None:
        # spaCy and the Rasa domain (intent names) take seconds to load: do it now, off the
        # request path, so the first page is as quick as the others.
        def load() -> None:
            app.state.console.mask("warm up")
            routes_conversations.known_intents()

        threading.Thread(target=load, daemon=True).start()

    @app.get("/")
    def home() -> Response:
        return redirect("/conversations")

    @app.get("/healthz")
    def healthz() -> Response:
        return PlainTextResponse("ok")

    @app.exception_handler(LoginRequired)
    def to_login(request: Request, error: LoginRequired) -> Response:
        response = redirect("/login?expired=1" if error.expired else "/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(PageError)
    def error_page(request: Request, error: PageError) -> Response:
        return render(request, "message.html",
                      {"title": error.title, "message": error.message}, status=error.status)

    return app
