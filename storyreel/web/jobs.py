"""Jobs: the Studio calls a page asks for (make, a note, undo, checkout), run one at a time per
project on a worker thread, in the order they came.

    POST .../notes -> JobQueue.submit("note", run) -> JobInfo(state="queued", position=1)
        worker: Studio(project, on_progress=...).direct(note, focus=shot) -> JobInfo(state="done")
        hub: `job` on each state change, `progress` as the graph streams, `changed` when the
        film has a new current version

Nothing here plans, renders or directs: each job is one call of the `Studio` API, the same call
`storyreel make` / `direct` / `undo` / `checkout` makes, so the studio cannot drift from the CLI.
The project's file lock (project.py) still guards it against a `storyreel` run in another
process: the queue checks it before accepting a job (a busy project is refused in one line) and a
job that meets it anyway fails with that line. Waiting is bounded (MAX_WAITING): a fifth note
while four wait is refused rather than queued for an hour.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyreel.errors import Interrupted, ProjectBusy, StoryreelError
from storyreel.project import Project
from storyreel.web.events import Hub
from storyreel.web.schemas import ChangedEvent, JobInfo, JobKind, JobProgress, NoteResult, ProgressEvent

MAX_WAITING = 4  # jobs queued behind the running one, per project
KEPT_JOBS = 500  # finished jobs still answered by GET /api/jobs/{id}
LOCK_WAIT_S = 120.0  # a job waits this long for this process's own brief hold on the project
STOPPED = "stopped with the studio: ask again to go on (finished work is kept)"
PROGRESS_EVERY_S = 0.1  # progress events per job at most this often (the last of a stage always)

log = logging.getLogger("storyreel.web")
Report = Callable[[dict[str, Any]], None]


class QueueFull(StoryreelError):
    """The project's queue holds MAX_WAITING jobs already."""


@dataclass
class Outcome:
    """What a job's call returned: its result as JSON, and the film's version when it changed."""

    result: dict[str, Any]
    changed: bool = False
    version: int | None = None


Run = Callable[[Report], Outcome]


@dataclass
class Job:
    info: JobInfo
    run: Run
    last_progress: float = 0.0
    stages: dict[str, JobProgress] = field(default_factory=dict)  # counted as the CLI's bars count


class Jobs:
    """Every job the server knows, by id (the running, the waiting and the last finished)."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.info.id] = job
            finished = [k for k, j in self._jobs.items() if j.info.state in ("done", "failed")]
            for key in finished[: max(0, len(finished) - KEPT_JOBS)]:
                del self._jobs[key]

    def get(self, job_id: str) -> JobInfo | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.info.model_copy(deep=True) if job else None

    def update(self, job: Job, **changes: Any) -> None:
        with self._lock:
            job.info = job.info.model_copy(update=changes)
            info = job.info
        self.hub.publish(info.project, "job", info)


class JobQueue:
    """One project's worker: a thread that runs its jobs in order."""

    def __init__(self, project_id: str, root: Path, jobs: Jobs):
        self.project_id = project_id
        self.root = root
        self.jobs = jobs
        self._waiting: queue.Queue[Job | None] = queue.Queue()
        self._order: list[Job] = []  # running first, then waiting
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._order)

    def current(self) -> JobInfo | None:
        """The job running (or first in line), as it stands now."""
        with self._lock:
            return self._order[0].info.model_copy(deep=True) if self._order else None

    def submit(self, kind: JobKind, run: Run) -> JobInfo:
        """Queue `run`; refused in one line when MAX_WAITING wait already or another process
        holds the project."""
        with self._lock:
            if len(self._order) > MAX_WAITING:
                raise QueueFull(
                    f"{MAX_WAITING} jobs already wait on this project: try again when one has finished"
                )
            if not self._order and (self.root / ".storyreel").is_dir():
                check_unlocked(self.root, ours_too=False)
            info = JobInfo(
                id=uuid.uuid4().hex[:12],
                project=self.project_id,
                kind=kind,
                state="queued",
                position=len(self._order),
            )
            job = Job(info, run)
            self._order.append(job)
            self.jobs.add(job)
            self._start()
        self.jobs.hub.publish(self.project_id, "job", info)
        self._waiting.put(job)
        return info

    def stop(self) -> None:
        """Let the worker end after its job (the server is stopping)."""
        self._waiting.put(None)

    def join(self, timeout: float) -> bool:
        """Wait for the worker to end, at most `timeout` seconds; whether it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._work, name=f"storyreel-jobs-{self.project_id}", daemon=True
            )
            self._thread.start()

    def _work(self) -> None:
        while (job := self._waiting.get()) is not None:
            self.jobs.update(job, state="running", position=0)
            try:
                if (self.root / ".storyreel").is_dir():
                    wait_unlocked(self.root)
                outcome = job.run(lambda event, job=job: self._progress(job, event))
            except Interrupted:  # the studio is stopping: finished work is kept, the job resumes
                self.jobs.update(job, state="failed", error=STOPPED)
            except StoryreelError as exc:
                self.jobs.update(job, state="failed", error=one_line(str(exc)))
            except Exception as exc:  # a bug of ours: the worker lives on and the page says so
                log.exception("job %s (%s) failed", job.info.id, job.info.kind)
                self.jobs.update(job, state="failed", error=f"internal error: {type(exc).__name__}: {exc}")
            else:
                self.jobs.update(job, state="done", result=outcome.result)
                if outcome.changed:
                    self.jobs.hub.publish(
                        self.project_id,
                        "changed",
                        ChangedEvent(project=self.project_id, version=outcome.version),
                    )
            finally:
                with self._lock:
                    self._order.remove(job)
                    waiting = list(self._order)
                for position, other in enumerate(waiting):
                    if other.info.state == "queued" and other.info.position != position:
                        self.jobs.update(other, position=position)

    def _progress(self, job: Job, event: dict[str, Any]) -> None:
        """A graph progress event, counted per stage as the CLI's bars count it (sequential stages
        say `done` of `total`; per-shot tasks say `advance` after their stage's total was sent);
        kept on the job, and sent on a new stage, at a stage's end, else every PROGRESS_EVERY_S."""
        stage = str(event.get("stage", ""))
        before = job.stages.get(stage)
        counted = before or JobProgress(stage=stage)
        total = int(event["total"] or 0) if "total" in event else counted.total
        done = int(event["done"] or 0) if "done" in event else counted.done
        progress = JobProgress(
            stage=stage,
            done=done + int(event.get("advance") or 0),
            total=total,
            label=str(event.get("label", ""))[:80],
        )
        job.stages[stage] = progress
        job.info = job.info.model_copy(update={"progress": progress})
        now = time.monotonic()
        finished = progress.total > 0 and progress.done >= progress.total
        if before is not None and not finished and now - job.last_progress < PROGRESS_EVERY_S:
            return
        job.last_progress = now
        self.jobs.hub.publish(
            self.project_id, "progress", ProgressEvent(job=job.info.id, **progress.model_dump())
        )


def check_unlocked(root: Path, *, ours_too: bool = True) -> None:
    """Raise ProjectBusy when another process holds the project (a `storyreel` run in a shell);
    or this one too (`ours_too`: the server's own start-up sync or a zip being exported)."""
    try:
        with Project(root).lock():
            pass
    except ProjectBusy as exc:
        if ours_too or exc.holder != f"pid {os.getpid()}":
            raise


def wait_unlocked(root: Path, timeout_s: float = LOCK_WAIT_S) -> None:
    """Wait while this process holds the project for a moment (a start-up sync, an export);
    another process holding it is refused at once, in one line."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            check_unlocked(root)
            return
        except ProjectBusy as exc:
            if exc.holder != f"pid {os.getpid()}" or time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def one_line(text: str) -> str:
    return " ".join(text.split()) or "failed"


# -- the Studio calls a job makes ---------------------------------------------------------------------


def _studio(root: Path, report: Report, **settings: Any) -> Any:
    from storyreel.api import Studio

    return Studio(root, on_progress=report, **settings)


def make_job(root: Path, script: Path, project_id: str, settings: dict[str, Any]) -> Run:
    def run(report: Report) -> Outcome:
        studio = _studio(root, report, **settings)
        studio.make(script)
        versions = studio.history()  # the make becomes version 1 now, not at the first note
        return Outcome(
            {"project": project_id}, changed=True, version=versions[-1].number if versions else None
        )

    return run


def note_job(root: Path, note: str, focus: str | None) -> Run:
    def run(report: Report) -> Outcome:
        result = _studio(root, report).direct(note, focus=focus)
        said = NoteResult.model_validate(result.to_dict()).model_dump(mode="json")
        return Outcome(said, changed=result.applied, version=result.version)

    return run


def undo_job(root: Path) -> Run:
    def run(report: Report) -> Outcome:
        version = _studio(root, report).undo()
        return Outcome(version.model_dump(mode="json"), changed=True, version=version.number)

    return run


def checkout_job(root: Path, number: int) -> Run:
    def run(report: Report) -> Outcome:
        version = _studio(root, report).checkout(number)
        return Outcome(version.model_dump(mode="json"), changed=True, version=version.number)

    return run
