"""Which run this process is in, for state that lasts one run and no longer.

`open_thread` (storyreel/thread.py) starts a run: every make, plan, note, checkout or undo passes
through it. A component built once per process and kept across runs (the crew is cached per run
settings, and the web studio makes many runs in one process) keys such state by `current()`: the
openai brain checks its server once a run, and a server it gave up on is asked again next run.
"""

from __future__ import annotations

import itertools
import threading

_numbers = itertools.count(1)
_lock = threading.Lock()
_current = 0


def begin() -> int:
    """A new run starts: its number."""
    global _current
    with _lock:
        _current = next(_numbers)
        return _current


def current() -> int:
    """The number of the run that started last (0 before any)."""
    return _current
