"""Serves the chat widget and its demo clinic page on localhost with strict security headers.

Why not `python -m http.server`: the demo must prove the widget works under the
Content-Security-Policy a careful clinic would set (scripts and styles only from this origin,
network requests only to the Rasa server, nothing inline), and the demo page needs to know which
Rasa server to point the widget at. `{{RASA_URL}}` in demo HTML is replaced by that address.

    python widget/serve.py --port 8080 --rasa-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

WIDGET_DIR = Path(__file__).resolve().parent
RASA_URL_TOKEN = "{{RASA_URL}}"
PUBLIC_FILES = ("/family-guide.js", "/family-guide.css")
PUBLIC_FOLDER = "/demo/"


def is_public(url_path: str) -> bool:
    """Only what a clinic page needs is served: the widget's JS and CSS, and the demo pages.

    Judged on the path as the file lookup will see it, percent-decoded: "/demo/%2e%2e/serve.py"
    is "/demo/../serve.py", outside the demo folder."""
    decoded = unquote(url_path)
    if ".." in decoded.replace("\\", "/").split("/") or "\x00" in decoded:
        return False
    return decoded in PUBLIC_FILES or (decoded + "/").startswith(PUBLIC_FOLDER)


def origin_of(url: str) -> str:
    """The scheme://host:port part of a URL: what CSP connect-src and CORS compare."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(rasa_url: str) -> dict[str, str]:
    """Headers for every response: the strict policy the widget must keep working under."""
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src {origin_of(rasa_url)}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


class WidgetRequestHandler(SimpleHTTPRequestHandler):
    """Static files from widget/, no directory listings, demo HTML filled in with the Rasa URL."""

    def __init__(self, *args, rasa_url: str, **kwargs) -> None:
        self.rasa_url = rasa_url
        super().__init__(*args, directory=str(WIDGET_DIR), **kwargs)

    def end_headers(self) -> None:
        for name, value in security_headers(self.rasa_url).items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):  # noqa: ANN201 (signature of the base class)
        """Serves only the widget's own files and the demo pages; fills in demo HTML."""
        path = urlsplit(self.path).path
        if path in ("", "/"):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/demo/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not is_public(path):
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        html = self.demo_html()
        if html is None:
            return super().send_head()
        body = html.replace(RASA_URL_TOKEN, self.rasa_url.rstrip("/")).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def demo_html(self) -> str | None:
        """The text of the demo page this request names, or None for any other file."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the base class redirects /demo to /demo/
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    def list_directory(self, path):  # noqa: ANN001 (signature of the base class)
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (base-class name)
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WIDGET_PORT", "8080")))
    parser.add_argument(
        "--rasa-url",
        default=f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}",
        help="the Rasa server the demo page talks to (and the only one CSP allows)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    origin_of(args.rasa_url)  # fail at start, not on the first request
    handler = partial(WidgetRequestHandler, rasa_url=args.rasa_url)
    with ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Widget demo on http://{args.bind}:{args.port}/demo/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
