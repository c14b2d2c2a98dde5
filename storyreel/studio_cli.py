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
import webbrowser
from pathlib import Path

import click
from rich.console import Console

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.terminal import printable

err = Console(stderr=True, highlight=False, soft_wrap=True)


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
    server(app, log_level="info" if verbose else "warning").run(sockets=[sock])
