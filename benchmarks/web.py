"""A studio served by `storyreel studio` in a process of its own, and timed over HTTP as a page
uses it, for the benchmarks that measure the web studio (studio.py).

    with studio_process([project], root) as (url, started_s):
        page = page_load(url, "garage")          # {"html_s", "view_s", "shots_s", "thumbs_s", "total_s", ...}
        seconds, event = note_until_changed(url, "garage", "shot 2 tighter", 2)

The server is a fresh interpreter like a user's (`python -m storyreel studio --no-browser`), and
the clocks run in this process, on the client's side of the socket: what a browser would wait.
Thumbnails are fetched six at a time, as browsers fetch from one host.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

BROWSER_CONNECTIONS = 6
PAGE = 100  # panels the project page asks for first


@contextmanager
def studio_process(projects: list[Path], root: Path) -> Iterator[tuple[str, float]]:
    """`storyreel studio PROJECTS --root ROOT` on a free loopback port; yields its base URL and
    the seconds from starting the process to the URL printed (the server then serves)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyreel",
            "studio",
            "--no-browser",
            "--root",
            str(root),
            *map(str, projects),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = (process.stdout.readline() if process.stdout else "").strip().rstrip("/")
        if not url.startswith("http"):
            raise SystemExit(
                f"storyreel studio did not start: {process.stderr.read() if process.stderr else ''}"
            )
        yield url, time.perf_counter() - start
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def page_load(url: str, project: str, page: int = PAGE) -> dict[str, Any]:
    """The project page as its script loads it: the HTML, the project view, the first page of
    panels, then their thumbnails (six at a time). Seconds per step and in all."""
    limits = httpx.Limits(max_connections=BROWSER_CONNECTIONS)
    with httpx.Client(base_url=url, timeout=120, limits=limits) as client:
        start = time.perf_counter()
        html = client.get(f"/p/{project}")
        html_s = time.perf_counter() - start
        view = client.get(f"/api/projects/{project}")
        view_s = time.perf_counter() - start - html_s
        shots = client.get(f"/api/projects/{project}/shots", params={"offset": 0, "limit": page})
        shots_s = time.perf_counter() - start - html_s - view_s
        for response in (html, view, shots):
            response.raise_for_status()
        thumbs = [url for panel in shots.json()["panels"] for url in panel["thumbs"]]
        with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
            sizes = list(pool.map(lambda path: len(_get(client, path)), thumbs))
        total = time.perf_counter() - start
    return {
        "html_s": html_s,
        "view_s": view_s,
        "shots_s": shots_s,
        "thumbs_s": total - html_s - view_s - shots_s,
        "total_s": total,
        "shots_total": view.json()["shots_total"],
        "panels": len(shots.json()["panels"]),
        "thumbs": len(thumbs),
        "thumb_bytes": sum(sizes),
    }


def _get(client: httpx.Client, path: str) -> bytes:
    response = client.get(path)
    response.raise_for_status()
    return response.content


def note_until_changed(url: str, project: str, note: str, shot_number: int) -> tuple[float, dict[str, Any]]:
    """Send `note` as the page does and wait, as the page does, for the `changed` event of the new
    version; then fetch the changed panel, its thumbnails and the whole film. Seconds from sending
    to the last byte. (First waits until the studio has recorded the film's first version.)"""
    changed: dict[str, Any] = {}
    listening, done = threading.Event(), threading.Event()
    deadline = time.monotonic() + 120
    while (
        before := httpx.get(f"{url}/api/projects/{project}", timeout=60).json()["current_version"]
    ) is None:
        if time.monotonic() > deadline:  # the server records a film never directed as version 1 first
            raise SystemExit("the studio did not record the film's first version")
        time.sleep(0.1)

    def listen() -> None:
        with httpx.stream("GET", f"{url}/api/projects/{project}/events", timeout=None) as stream:
            kind = ""
            for line in stream.iter_lines():
                listening.set()
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind in ("changed", "job"):
                    data = json.loads(line[6:])
                    if kind == "job" and data["state"] == "failed":
                        changed.update(error=data["error"])
                    if (kind == "changed" and data["version"] not in (None, before)) or "error" in changed:
                        changed.update(data)
                        done.set()
                        return

    threading.Thread(target=listen, daemon=True).start()
    if not listening.wait(30):
        raise SystemExit("the studio's event stream did not open")
    with httpx.Client(base_url=url, timeout=600) as client:
        start = time.perf_counter()
        client.post(f"/api/projects/{project}/notes", json={"note": note}).raise_for_status()
        if not done.wait(600) or "error" in changed:
            raise SystemExit(f"the note did not apply: {changed.get('error', 'no changed event in 600 s')}")
        view = client.get(f"/api/projects/{project}").json()
        panel = client.get(f"/api/projects/{project}/shots", params={"offset": shot_number - 1, "limit": 1})
        for thumb in panel.json()["panels"][0]["thumbs"]:
            client.get(thumb).raise_for_status()
        client.get(view["film_url"]).raise_for_status()
        seconds = time.perf_counter() - start
    return seconds, {**changed, "camera_words": panel.json()["panels"][0]["camera_words"]}


def browser_page_load(
    url: str, project: str, viewport: tuple[int, int] = (1440, 900)
) -> dict[str, Any] | None:
    """The project page in headless Chromium (Playwright, the system's `chromium`): seconds from
    opening the address until the panels on screen show their thumbnails, what a director waits
    for. None when Playwright or Chromium is not here."""
    import shutil

    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    shown = """() => { const imgs = [...document.querySelectorAll('[data-testid=panel] img')];
        return imgs.length > 0 && imgs.every(img => img.complete && img.naturalWidth > 0); }"""
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            start = time.perf_counter()
            page.goto(f"{url.rstrip('/')}/p/{project}")
            page.wait_for_function(shown, timeout=60_000)
            seconds = time.perf_counter() - start
            panels = page.evaluate("document.querySelectorAll('[data-testid=panel]').length")
            browser.close()
    except Error as exc:
        raise SystemExit(f"the browser could not load the page: {exc.message.splitlines()[0]}") from None
    return {"shown_s": seconds, "panels_in_page": panels, "viewport": list(viewport)}
