"""`storyreel studio`: the web studio on this machine, over the projects given and new films
made under --root.

    storyreel studio out/garage                 # http://127.0.0.1:<free port>/ opens in a browser
    storyreel studio out/* --port 8765 --no-browser
    storyreel studio --host 0.0.0.0             # other machines: a token is made and printed in the URL

A thin layer over storyreel/web (the `studio` extra): parse, build the app, bind, print the URL,
serve until Ctrl-C. Loopback needs no token; any other --host does, and it is printed only here.
"""

from __future__ import annotations

import logging
import time
import webbrowser
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from storyreel import stopping
from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.terminal import printable

err = Console(stderr=True, highlight=False, soft_wrap=True)
STOP_JOBS_S = 10.0  # how long a stopping studio waits for its running jobs to end


@click.command()
@click.argument("projects", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port (default 0: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("studio-projects"),
    show_default=True,
    help="Where films made from the start page go (and projects found there are served).",
)
@click.option("--verbose", is_flag=True, help="Log each request (method, path, status).")
def studio(
    projects: tuple[Path, ...], host: str, port: int, no_browser: bool, root: Path, verbose: bool
) -> None:
    """Watch, direct and export films in a browser: PROJECTS and those under --root."""
    require("fastapi", "storyreel studio")
    require("uvicorn", "storyreel studio")
    require("python_multipart", "storyreel studio (uploads)")
    from storyreel.web.app import create_app
    from storyreel.web.security import access_for
    from storyreel.web.server import bind, server, url_of

    for folder in projects:
        if not folder.is_dir():
            raise InputError(f"{folder}: no such project directory")
    access = access_for(host)
    app = create_app(list(projects), root=root, access=access)
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise InputError(f"{host}:{port}: cannot listen there: {exc.strerror or exc}") from None
    url = url_of(sock, host) + "/" + (f"?token={access.token}" if access.token else "")
    served = len(app.state.catalog.all())
    err.print(printable(f"storyreel studio: {served} project(s), new films in {root}"), markup=False)
    click.echo(url)  # stdout: a script can read the URL
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not no_browser:
        webbrowser.open(url)
    try:
        server(app, log_level="info" if verbose else "warning").run(sockets=[sock])
    finally:
        _stop_jobs(app)


def _stop_jobs(app: Any) -> None:
    """The server stopped (Ctrl-C): a running job ends at its next check (storyreel/stopping.py),
    keeping what it finished, and the process waits for it, so the run unwinds before Python
    shuts down (which would leave LangGraph's threads scheduling into a closed executor)."""
    stopping.request_stop()
    queues = [served.queue for served in app.state.catalog.all()]
    for queue in queues:
        queue.stop()
    ends = time.monotonic() + STOP_JOBS_S
    ended = [queue.join(max(ends - time.monotonic(), 0.0)) for queue in queues]
    if all(ended):  # the stop has done its work: a process that goes on (a test) runs again
        stopping.reset()
