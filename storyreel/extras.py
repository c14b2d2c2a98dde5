"""Optional dependencies, imported in one place so the message is the same everywhere."""

from __future__ import annotations

import importlib
from types import ModuleType

from storyreel.errors import MissingExtraError

# module -> (what it is for, the extra that installs it)
_EXTRAS = {
    "torch": "ml",
    "torchvision": "ml",
    "diffusers": "ml",
    "transformers": "ml",
    "open_clip": "ml",
    "peft": "ml",
    "accelerate": "ml",
    "moviepy": "moviepy",
    "fastapi": "studio",
    "uvicorn": "studio",
    "python_multipart": "studio",
}


def require(module: str, purpose: str) -> ModuleType:
    """Import `module` or raise a one-line MissingExtraError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = _EXTRAS.get(module.split(".")[0], "ml")
        raise MissingExtraError(
            f"{purpose} needs `{module}`, which is not installed: "
            f"pip install 'storyreel[{extra}]' ({exc.__class__.__name__}: {exc})"
        ) from None
