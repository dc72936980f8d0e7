"""`make serve`: the live site answers with math and search, and a busy port
gets a one-line message naming it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.harness import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_busy_port_is_named_in_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            ["make", "--no-print-directory", "check-port", f"PORT={port}"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    message = [line for line in lines if "busy" in line]
    assert message == [
        f"make serve: port {port} is busy; try make serve PORT={port + 1}"
    ]


def test_free_port_passes_the_check() -> None:
    port = free_port()
    result = subprocess.run(
        ["make", "--no-print-directory", "check-port", f"PORT={port}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_make_serve_answers_with_math_and_search() -> None:
    """`make serve` (as a reader runs it) serves the home page and the search index."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        home = search = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None:
            try:
                # The root redirects to site_url's path (/stepsize/).
                root = f"http://127.0.0.1:{port}/"
                with urllib.request.urlopen(root, timeout=5) as response:
                    home = response.read().decode()
                    base = response.geturl()
                with urllib.request.urlopen(base + "search/search_index.json") as r:
                    search = r.read().decode()
                break
            except OSError:
                time.sleep(1)
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        assert 'class="katex"' in home
        assert "\\(" not in home
        assert "circling" in search.lower()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
