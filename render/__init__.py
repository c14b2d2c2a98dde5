"""Renderers (animatic, diffusers), the streaming encoder and assembly of the cut.

`make_renderer(name)` builds one by name; backends register in RENDERERS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyreel.errors import InputError
from storyreel.render.base import NoRenderer, Renderer, ShotJob

# name -> factory(**options). Later issues add "animatic" and "diffusers".
RENDERERS: dict[str, Callable[..., Renderer]] = {"none": NoRenderer}

__all__ = ["RENDERERS", "NoRenderer", "Renderer", "ShotJob", "make_renderer"]


def make_renderer(name: str, **options: Any) -> Renderer:
    try:
        factory = RENDERERS[name]
    except KeyError:
        raise InputError(f"unknown renderer {name!r} (expected one of {', '.join(RENDERERS)})") from None
    return factory(**options)
