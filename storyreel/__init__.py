"""storyreel: turn a screenplay into a film.

The public API is imported lazily, so `storyreel --help` and `import storyreel.models` stay fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from storyreel.errors import (
    DiskFull,
    InputError,
    MissingExtraError,
    PlanError,
    ScreenplayError,
    StoryreelError,
)

try:
    __version__ = version("storyreel")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0.0.0+source"

if TYPE_CHECKING:
    from storyreel.api import MakeResult, PlanResult, Studio
    from storyreel.tools.screenplay import read_screenplay

_LAZY = {
    "read_screenplay": "storyreel.tools.screenplay",
    "Studio": "storyreel.api",
    "PlanResult": "storyreel.api",
    "MakeResult": "storyreel.api",
}

__all__ = [
    "DiskFull",
    "InputError",
    "MakeResult",
    "MissingExtraError",
    "PlanError",
    "PlanResult",
    "ScreenplayError",
    "StoryreelError",
    "Studio",
    "__version__",
    "read_screenplay",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'storyreel' has no attribute {name!r}")
