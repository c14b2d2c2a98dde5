"""The studio's routes: the JSON API over `Studio`, the event stream, the film and the pages.

    create_app([Path("out/garage")], root=Path("studio-projects")) -> FastAPI

Routes only: what a page reads comes from views.py, what it asks done goes to a job (jobs.py),
who may ask is security.py's. Every error is one line, `{"error": "..."}`: 404 for anything
not served (a project, shot, version or file name it does not know), 409 when the project is busy,
400 for what the CLI would refuse (the same messages), 413 for an upload over the size limit.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from storyreel.errors import DiskFull, InputError, ProjectBusy, StoryreelError
from storyreel.web import uploads
from storyreel.web.delivery import delivery_zip
from storyreel.web.events import Hub
from storyreel.web.jobs import Jobs, QueueFull, checkout_job, make_job, note_job, undo_job
from storyreel.web.schemas import (
    CheckoutRequest,
    DiffView,
    JobInfo,
    NoteRequest,
    ProjectSummary,
    ProjectView,
    ShotDetail,
    ShotsPage,
    VersionsView,
)
from storyreel.web.security import Access, Guard, NotServed, inside
from storyreel.web.thumbs import thumbnail
from storyreel.web.views import Catalog, NotFound

log = logging.getLogger("storyreel.web")
STATIC = resources.files("storyreel.web") / "static"
PAGE_LIMIT = 500  # panels one request may ask for
EXPORTS = {"film": "film", "srt": "srt", "vtt": "vtt", "otio": "otio", "storyboard": "storyboard"}


def create_app(
    projects: list[Path], *, root: Path | None = None, token: str | None = None, access: Access | None = None
) -> FastAPI:
    """The studio over `projects` (folders), making new films under `root`. `access` says who may
    talk to it (security.py; default: loopback, no token); `token` alone adds a token to it."""
    hub = Hub()
    jobs = Jobs(hub)
    catalog = Catalog(projects, root, jobs)
    access = access or Access(token=token)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        threading.Thread(target=catalog.warm, name="storyreel-warm", daemon=True).start()
        yield
        hub.close()
        for served in catalog.all():
            served.queue.stop()

    app = FastAPI(title="storyreel studio", lifespan=lifespan, docs_url="/api/docs", redoc_url=None)
    app.state.catalog, app.state.hub, app.state.jobs = catalog, hub, jobs
    app.add_middleware(Guard, access=access)
    _errors(app)
    _pages(app, catalog)
    _projects(app, catalog, local=access.hosts is not None)
    _files(app, catalog)
    _directing(app, catalog)
    _jobs_and_events(app, catalog, jobs, hub)
    return app


def _sse(hub: Hub, project: str | None) -> StreamingResponse:
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(hub.stream(project), media_type="text/event-stream", headers=headers)


# Each refusal's status, and its fixed message where the error's own would say too much (None:
# the error's line). Starlette picks the handler of the nearest class in an error's MRO, so the
# StoryreelError row is the fallback for the rest of the family.
REFUSALS: dict[type[Exception], tuple[int, str | None]] = {
    NotFound: (404, None),
    NotServed: (404, "no such file here"),
    uploads.TooLarge: (413, None),
    QueueFull: (409, None),
    ProjectBusy: (409, None),
    DiskFull: (507, None),  # Insufficient Storage: the server's disk, not the request
    StoryreelError: (400, None),
}


def _errors(app: FastAPI) -> None:
    """Every refusal as one line in `{"error": ...}`, with the status that says whose it is."""

    def answer(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": " ".join(message.split())}, status_code=status)

    def refusal(status: int, message: str | None) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
        async def handle(_request: Request, exc: Exception) -> JSONResponse:
            return answer(status, message or str(exc))

        return handle

    for error, (status, message) in REFUSALS.items():
        app.add_exception_handler(error, refusal(status, message))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return answer(400, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(HTTPException)
    async def http(_request: Request, exc: HTTPException) -> JSONResponse:
        return answer(exc.status_code, str(exc.detail))


def _pages(app: FastAPI, catalog: Catalog) -> None:
    """The start page, a project's page, and their static files."""
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"))

    @app.get("/p/{pid}", include_in_schema=False)
    def project_page(pid: str) -> FileResponse:
        catalog.get(pid)
        return FileResponse(str(STATIC / "project.html"))


def _projects(app: FastAPI, catalog: Catalog, *, local: bool) -> None:
    """The projects, a new film, a project's view and its panels. `local`: the studio answers only
    on the loopback, so a script may be named by its path on this machine."""

    @app.get("/api/projects")
    def list_projects() -> list[ProjectSummary]:
        return [served.summary() for served in catalog.all()]

    @app.post("/api/projects", status_code=202)
    async def new_project(
        request: Request,
        script: Annotated[UploadFile | None, File()] = None,
        script_path: Annotated[str | None, Form()] = None,
        name: Annotated[str | None, Form()] = None,
        brain: Annotated[str | None, Form()] = None,
        renderer: Annotated[str | None, Form()] = None,
        resolution: Annotated[str | None, Form()] = None,
    ) -> JobInfo:
        uploads.check_length(request.headers.get("content-length"))
        settings = uploads.settings(brain=brain, renderer=renderer, resolution=resolution)
        folder, script_file = await uploads.receive(catalog, script, script_path, name, local=local)
        uploads.check_new_film(folder, script_file, settings)
        served = catalog.add(folder)
        return served.queue.submit("make", make_job(served.root, script_file, served.id, settings))

    @app.get("/api/projects/{pid}")
    def project(pid: str) -> ProjectView:
        return catalog.get(pid).view()

    @app.get("/api/projects/{pid}/shots")
    def shots(pid: str, offset: int = 0, limit: int = 100) -> ShotsPage:
        if offset < 0 or not 1 <= limit <= PAGE_LIMIT:
            raise InputError(f"offset must be 0 or more and limit 1 to {PAGE_LIMIT}")
        panels = catalog.get(pid).snapshot().panels
        return ShotsPage(total=len(panels), panels=panels[offset : offset + limit])

    @app.get("/api/projects/{pid}/shots/{shot_id}")
    def shot(pid: str, shot_id: str) -> ShotDetail:
        return catalog.get(pid).shot(shot_id)


def _files(app: FastAPI, catalog: Catalog) -> None:
    """The film (Range requests), thumbnails and keyframes by opaque name, and exports."""

    @app.get("/api/projects/{pid}/film")
    def film(pid: str) -> FileResponse:
        served = catalog.get(pid)
        path = served.snapshot().film
        if path is None:
            raise NotFound(f"{served.name}: no film made yet")
        return FileResponse(str(inside(served.root, path)), media_type="video/mp4")

    @app.get("/api/projects/{pid}/files/{name}")
    def file(pid: str, name: str) -> FileResponse:
        served = catalog.get(pid)
        registered = served.file(name)
        source = inside(served.root, registered)  # symlinks followed: still in the project
        path = thumbnail(served.root, registered) if name.startswith("t-") else source
        return FileResponse(str(path), headers={"Cache-Control": "private, max-age=86400, immutable"})

    @app.get("/api/projects/{pid}/export/{kind}")
    def export(pid: str, kind: str) -> FileResponse:
        served = catalog.get(pid)
        if kind == "zip":
            archive, scratch = delivery_zip(served.root, served.name, served.history().current)
            background = BackgroundTask(shutil.rmtree, scratch, ignore_errors=True)
            return FileResponse(
                str(archive), media_type="application/zip", filename=archive.name, background=background
            )
        if kind not in EXPORTS:
            raise NotFound(f"no export {kind!r}: film, srt, vtt, otio, storyboard or zip")
        path = served.snapshot().view.outputs.get(EXPORTS[kind])
        if path is None:
            raise NotFound(f"{served.name}: no {kind} made yet")
        source = inside(served.root, Path(path))
        return FileResponse(str(source), filename=f"{served.name}{source.suffix}")


def _directing(app: FastAPI, catalog: Catalog) -> None:
    """Versions, notes, undo, checkout and diff."""

    @app.get("/api/projects/{pid}/versions")
    def versions(pid: str) -> VersionsView:
        history = catalog.get(pid).history()
        return VersionsView(current=history.current, versions=history.versions)

    @app.post("/api/projects/{pid}/notes", status_code=202)
    def note(pid: str, body: NoteRequest) -> JobInfo:
        served = catalog.get(pid)
        if body.shot_id is not None and body.shot_id not in served.snapshot().by_id:
            raise NotFound(f"there is no shot {body.shot_id!r} in the film")
        return served.queue.submit("note", note_job(served.root, body.note, body.shot_id))

    @app.post("/api/projects/{pid}/undo", status_code=202)
    def undo(pid: str) -> JobInfo:
        served = catalog.get(pid)
        return served.queue.submit("undo", undo_job(served.root))

    @app.post("/api/projects/{pid}/checkout", status_code=202)
    def checkout(pid: str, body: CheckoutRequest) -> JobInfo:
        served = catalog.get(pid)
        served.version(body.version)  # an unknown number is a 404 now, not a failed job later
        return served.queue.submit("checkout", checkout_job(served.root, body.version))

    @app.get("/api/projects/{pid}/diff")
    def diff(pid: str, old: int | None = None, new: int | None = None) -> DiffView:
        return catalog.get(pid).diff(old, new)


def _jobs_and_events(app: FastAPI, catalog: Catalog, jobs: Jobs, hub: Hub) -> None:
    """A job's state, and the event streams (SSE)."""

    @app.get("/api/jobs/{jid}")
    def job(jid: str) -> JobInfo:
        info = jobs.get(jid)
        if info is None:
            raise NotFound(f"no job {jid!r}")
        return info

    @app.get("/api/projects/{pid}/events")
    async def project_events(pid: str) -> StreamingResponse:
        catalog.get(pid)
        return _sse(hub, pid)

    @app.get("/api/events")
    async def all_events() -> StreamingResponse:
        return _sse(hub, None)
