"""Helpers for the browser tests: the pages in the nav, a strict build into a
temporary folder, a local server for it, and Debian's Chromium.

The site is served under the path of ``site_url`` (``/stepsize/``), as on the
real host: the 404 page links its assets absolutely, so serving the site at
``/`` would hide broken 404 pages. A missing file answers 404 with the site's
own ``404.html``, as GitHub Pages does.

The one thing the server changes is the origin in ``sitemap.xml``: Material's
instant navigation only intercepts links it finds in the sitemap, and it maps
the sitemap's URLs onto the page's scheme and host but not its port. On the
real host (port 443) that matches; on a local port it would turn every click
into a full page load. ``mkdocs serve`` does the same by setting ``site_url``
to its own address.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.harness import mkdocs_config

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "Chromium is missing: apt-get install -y chromium"


def chromium_path() -> str | None:
    """Debian's Chromium, or None. Playwright never downloads a browser here."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _nav_files(entries: Any) -> Iterator[str]:
    if isinstance(entries, str):
        if "://" not in entries:
            yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from _nav_files(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from _nav_files(value)


def page_url(src: str) -> str:
    """The site-relative URL MkDocs gives ``src`` (directory URLs on)."""
    stem = src.rsplit(".", 1)[0]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def nav_pages() -> list[str]:
    """Site-relative URLs of every page in ``nav``, in nav order."""
    return [page_url(src) for src in _nav_files(mkdocs_config().get("nav", []))]


def base_path() -> str:
    """The path the site lives under, from ``site_url`` (``/stepsize/``)."""
    path = urlsplit(mkdocs_config().get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def build_env() -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "MPLBACKEND": "Agg",
    }


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    origin = ""  # site_url's scheme and host, rewritten in sitemap.xml
    compress = False  # gzip text files, as GitHub Pages does

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            path = Path(self.translate_path(self.path))
            path = path / "index.html" if path.is_dir() else path
            if path.is_file() and path.suffix in COMPRESSIBLE:
                body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        if urlsplit(self.path).path != self.prefix + "sitemap.xml" or not self.origin:
            super().do_GET()
            return
        here = f"http://{self.headers.get('Host', '127.0.0.1')}"
        text = (Path(self.directory) / "sitemap.xml").read_text()
        body = text.replace(f"<loc>{self.origin}/", f"<loc>{here}/").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        plain = urlsplit(path).path
        if not plain.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + plain[len(self.prefix) :])

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def site_origin() -> str:
    """``site_url``'s scheme and host (``https://stepsize.github.io``)."""
    parts = urlsplit(mkdocs_config().get("site_url") or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


@contextmanager
def serve(
    site_dir: Path, prefix: str = "/", origin: str = "", compress: bool = False
) -> Iterator[str]:
    """Serve ``site_dir`` under ``prefix`` on 127.0.0.1 (free port); yield the base URL.

    With ``origin``, sitemap.xml is served with that origin replaced by the
    local one (see the module's docstring). With ``compress``, text files go
    out gzipped to clients that accept it, as GitHub Pages serves them.
    """
    attributes = {"prefix": prefix, "origin": origin, "compress": compress}
    handler = functools.partial(
        type("Handler", (_Handler,), attributes),
        directory=str(site_dir),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
