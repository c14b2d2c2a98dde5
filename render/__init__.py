"""Renderers (animatic, diffusers), the streaming encoder and assembly of the cut.

`make_renderer(name)` builds one by name; backends register in RENDERERS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyreel.errors import InputError
from storyreel.render.base import NoRenderer, Renderer, ShotJob


def _animatic(**options: Any) -> Renderer:
    from storyreel.render.animatic.pipeline import AnimaticRenderer  # OpenCV loads on first use

    return AnimaticRenderer(**options)


# name -> factory(**options). A later issue adds "diffusers".
RENDERERS: dict[str, Callable[..., Renderer]] = {"animatic": _animatic, "none": NoRenderer}

__all__ = ["RENDERERS", "NoRenderer", "Renderer", "ShotJob", "make_renderer"]


def make_renderer(name: str, **options: Any) -> Renderer:
    try:
        factory = RENDERERS[name]
    except KeyError:
        raise InputError(f"unknown renderer {name!r} (expected one of {', '.join(RENDERERS)})") from None
    return factory(**options)
