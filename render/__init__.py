"""Renderers (animatic, diffusers) and the assembly of the cut.

`make_renderer(name)` builds one by name; backends register in RENDERERS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyreel.errors import InputError
from storyreel.render.base import NoRenderer, Renderer


def _animatic(**options: Any) -> Renderer:
    from storyreel.render.animatic.pipeline import AnimaticRenderer  # OpenCV loads on first use

    return AnimaticRenderer(**options)


def _diffusers(**options: Any) -> Renderer:
    from storyreel.render.diffusers.pipeline import DiffusersRenderer  # torch and diffusers load on use

    return DiffusersRenderer(**options)


# name -> factory(**options)
RENDERERS: dict[str, Callable[..., Renderer]] = {
    "animatic": _animatic,
    "diffusers": _diffusers,
    "none": NoRenderer,
}

__all__ = ["RENDERERS", "NoRenderer", "Renderer", "make_renderer"]


def make_renderer(name: str, **options: Any) -> Renderer:
    try:
        factory = RENDERERS[name]
    except KeyError:
        raise InputError(f"unknown renderer {name!r} (expected one of {', '.join(RENDERERS)})") from None
    return factory(**options)
