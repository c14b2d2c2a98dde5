"""What conditions a keyframe besides its prompt: the characters, the place and the scene so far.

    characters   each subject's reference images: the user's (the bible's `reference_images`),
                 or a character sheet generated once from the bible and kept in
                 PROJECT/cache/sheets/ (MovieDreamer's character sheet)
    place        a plate of the location, generated once the same way (no people in it)
    memory       earlier shots' keyframes (`ShotJob.memory`, STAGE's memory pack): at most
                 `memory_frames` of them, chosen by `select_memory`

How memory frames are chosen (OneStory's frame selection, without its learned selector): every
candidate is embedded with the keyframe pipeline's CLIP image encoder, and scored by its cosine
similarity to the mean embedding of this shot's own references (its characters' sheets and its
location plate) plus a small bonus for recency (0.1 for the latest, falling linearly to 0 for the
oldest). The best `k` are kept in story order. Without an image encoder or references, the latest
`k` are kept. A sheet or plate is a function of its bible entry, the style and the keyframe stage,
all in the cache key, so keeping it across runs changes no pixels, only time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from storyreel.errors import InputError
from storyreel.models.bible import CharacterSheet, LocationSheet, Style

RECENCY_BONUS = 0.1


def stable_seed(*parts: Any) -> int:
    """A seed from plain data, the same on every machine and run (unlike `hash`)."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def character_prompt(sheet: CharacterSheet, style: Style) -> str:
    parts = [f"character reference sheet of {sheet.name.title()}, full body, facing the camera"]
    parts += [text for text in (sheet.description, sheet.identity.hair) if text]
    if sheet.wardrobe:
        parts.append(f"wearing {sheet.wardrobe}")
    parts.append("plain neutral background, even studio light")
    if style.look:
        parts.append(style.look)
    return ", ".join(parts)


def location_prompt(location: LocationSheet, heading: str, style: Style) -> str:
    place = location.description or location.name.title()
    when = f", {location.times_of_day[0].lower()}" if location.times_of_day else ""
    parts = [f"empty establishing plate of {place}{when}, no people", heading.lower()]
    if style.look:
        parts.append(style.look)
    return ", ".join(parts)


class SheetStore:
    """Generated sheets and plates, content-addressed in a folder (or only in memory without one)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._memory: dict[str, Image.Image] = {}

    def get(self, recipe: dict[str, Any], make: Callable[[], Image.Image]) -> Image.Image:
        """The image `recipe` describes: from memory, from the folder, or made and kept."""
        key = hashlib.sha256(json.dumps(recipe, sort_keys=True, default=str).encode()).hexdigest()
        if key in self._memory:
            return self._memory[key]
        path = self.folder / f"{key}.png" if self.folder is not None else None
        if path is not None and path.is_file():
            with Image.open(path) as stored:
                image = stored.convert("RGB")
        else:
            image = make().convert("RGB")
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
                image.save(tmp, format="PNG")
                tmp.replace(path)
        self._memory[key] = image
        return image


def user_images(paths: list[str], root: Path | None, where: str) -> list[Image.Image]:
    """The bible's reference images (absolute, or relative to the project directory)."""
    images = []
    for text in paths:
        path = Path(text).expanduser()
        if not path.is_absolute() and root is not None:
            path = root / path
        try:
            with Image.open(path) as image:
                images.append(image.convert("RGB"))
        except FileNotFoundError:
            raise InputError(f"{where}: reference image {str(path)!r} does not exist") from None
        except OSError as exc:
            raise InputError(f"{where}: reference image {str(path)!r} cannot be read ({exc})") from None
    return images


def select_memory(
    candidates: list[Path],
    k: int,
    anchors: list[Image.Image],
    embed: Callable[[list[Image.Image]], np.ndarray] | None,
) -> list[Path]:
    """At most `k` of `candidates` (earliest first), most like this shot's references and recent."""
    if k <= 0 or not candidates:
        return []
    if len(candidates) <= k:
        return list(candidates)
    if embed is None or not anchors:
        return list(candidates[-k:])
    images = []
    for path in candidates:
        with Image.open(path) as image:
            images.append(image.convert("RGB"))
    vectors = _normalised(embed(images))
    target = _normalised(_normalised(embed(anchors)).mean(axis=0, keepdims=True))[0]
    recency = RECENCY_BONUS * np.linspace(0.0, 1.0, len(candidates))
    scores = vectors @ target + recency
    best = sorted(np.argsort(-scores, kind="stable")[:k])
    return [candidates[i] for i in best]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)
