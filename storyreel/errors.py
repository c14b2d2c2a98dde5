"""Every error storyreel raises on purpose.

    StoryreelError                 base: the CLI prints str(error) on one line and exits 1
    ├── InputError                 a file or value given by the user is unusable
    │   ├── FileError              a file cannot be used (names file and line; storyreel/reading.py)
    │   │   └── ScreenplayError    a screenplay cannot be read
    │   ├── PlanError              a shot plan breaks the contract (names shot and field)
    │   ├── ProjectBusy            another run holds the project's lock (the studio says 409)
    │   └── BrainUnavailable       the model's server refuses the key or cannot be reached
    ├── DiskFull                   no space left where the project writes (storyreel/disk.py)
    └── MissingExtraError          an optional dependency (the `ml` extra) is not installed

    Interrupted (a KeyboardInterrupt)  Ctrl-C reached work on a worker thread (storyreel/stopping.py)
    Unfinished (a KeyboardInterrupt)   Ctrl-C in a note or an undo: what to run instead of it again

Messages are written for the person at the terminal: one line, the file (and line) first,
then the problem, then what to do where that is not obvious.
"""

from __future__ import annotations

from pathlib import Path


class StoryreelError(Exception):
    """Base of all errors storyreel raises deliberately."""


class InputError(StoryreelError):
    """Input the user gave us is unusable."""


class FileError(InputError):
    """A file the user named cannot be used; the message starts with `file[:line]:`."""

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.problem = problem
        where = self.path or "<text>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


class ScreenplayError(FileError):
    """A screenplay file cannot be read; the message starts with `file[:line]:`."""


class PlanError(InputError):
    """A shot plan is invalid; the message names the shot and the field."""


class ProjectBusy(InputError):
    """Another storyreel run holds the project's lock; the message names its holder."""

    def __init__(self, message: str, holder: str = ""):
        super().__init__(message)
        self.holder = holder  # what the lock file says: "pid 1234"


class BrainUnavailable(InputError):
    """The openai brain's server refused the key or could not be reached when a run began: a
    mistake of the user's (a key, a URL, a server not started) that falling back would hide."""


class DiskFull(StoryreelError):
    """No space left on the device a write needed; what was finished before it is kept, so the
    same command run again once space is freed goes on from there."""

    def __init__(self, device: str | Path, needed: int | None = None):
        self.device = str(device)
        self.needed = needed  # bytes, where an honest estimate exists
        about = f" (needed about {_size(needed)})" if needed else ""
        super().__init__(
            f"no space left on {self.device}{about}: free some and run the command again "
            "(finished work is kept)"
        )


def _size(count: int) -> str:
    if count >= 10_000_000:
        return f"{count // 1_000_000} MB"
    return f"{max(count, 100_000) / 1_000_000:.1f} MB"  # "0.1 MB" at least: an estimate


class MissingExtraError(StoryreelError):
    """An optional dependency is missing; the message says which extra installs it."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, raised in a worker thread that saw the stop (storyreel/stopping.py): no
    StoryreelError, so nothing that handles one (a brain's fallback, a note's refusal) takes it
    for a failure; the run ends as on Ctrl-C and the same command goes on."""

    def __init__(self) -> None:
        super().__init__("interrupted")


class Unfinished(KeyboardInterrupt):
    """Ctrl-C in a command that the next command finishes, and that would be done twice if given
    again (a note, an undo): `advice` says what to run instead, where the CLI would say to run
    the same command again."""

    def __init__(self, advice: str) -> None:
        super().__init__(advice)
        self.advice = advice
