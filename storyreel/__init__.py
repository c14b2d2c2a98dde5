"""storyreel: turn a screenplay into a film."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("storyreel")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

from storyreel.errors import InputError, MissingExtraError, PlanError, ScreenplayError, StoryreelError

__all__ = [
    "InputError",
    "MissingExtraError",
    "PlanError",
    "ScreenplayError",
    "StoryreelError",
    "__version__",
]
