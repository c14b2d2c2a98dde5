"""Text burned into a shot: dialogue subtitles at the bottom, the action caption at the top.

Each speech is drawn once into a sprite (wrapped lines, white with a dark outline on a
translucent box) and shown for its share of the shot, by its share of the words. Every backend
burns its refined clip's text in through here, so a subtitle looks and times the same whatever
drew the pictures under it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from storyreel.media.paint import over, premultiply
from storyreel.models.job import ShotJob, Speech


@dataclass(frozen=True)
class Card:
    sprite: np.ndarray  # premultiplied RGBA
    first: int  # frame range [first, last)
    last: int
    top: bool


def _sprite(text: str, width: int, height: int) -> np.ndarray:
    size = max(8, height // 20)
    font = ImageFont.load_default(size=size)
    chars = max(12, int(width * 0.86 / (size * 0.55)))
    lines = textwrap.wrap(text, chars)[:3] or [""]
    draw_probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    stroke = max(1, size // 10)
    boxes = [draw_probe.textbbox((0, 0), line, font=font, stroke_width=stroke) for line in lines]
    line_h = max(b[3] - b[1] for b in boxes) + size // 4
    text_w = min(width - 4, max(b[2] - b[0] for b in boxes))
    pad = size // 3
    image = Image.new("RGBA", (text_w + 2 * pad, line_h * len(lines) + 2 * pad), (0, 0, 0, 140))
    draw = ImageDraw.Draw(image)
    for i, (line, box) in enumerate(zip(lines, boxes, strict=True)):
        x = pad + (text_w - (box[2] - box[0])) // 2 - box[0]
        draw.text(
            (x, pad + i * line_h - box[1]),
            line,
            font=font,
            fill=(255, 255, 255, 255),
            stroke_width=stroke,
            stroke_fill=(0, 0, 0, 255),
        )
    return premultiply(np.asarray(image).copy())


def speech_frames(dialogue: Sequence[Speech], frames: int) -> list[tuple[int, int]]:
    """Frame ranges of the speeches, one after another, by their share of the words."""
    words = [max(1, len(speech.text.split())) for speech in dialogue]
    total = sum(words)
    out, start = [], 0.0
    for count in words:
        end = start + frames * count / total
        out.append((int(round(start)), int(round(end))))
        start = end
    return out


class Overlays:
    """The cards of one shot at one size; `apply(frame, index)` draws those due at `index`."""

    def __init__(self, cards: list[Card], width: int, height: int):
        self.cards, self.width, self.height = cards, width, height

    @classmethod
    def for_shot(cls, job: ShotJob, width: int, height: int, *, subtitles: bool, captions: bool) -> Overlays:
        frames = job.shot.frame_count(job.fps)
        cards = []
        if subtitles and job.dialogue:
            for speech, (first, last) in zip(job.dialogue, speech_frames(job.dialogue, frames), strict=True):
                who = (speech.character or "").strip()
                text = f"{who}: {speech.text}" if who else speech.text
                cards.append(Card(_sprite(text, width, height), first, last, top=False))
        if captions and job.shot.description:
            cards.append(Card(_sprite(job.shot.description, width, height), 0, frames, top=True))
        return cls(cards, width, height)

    def apply(self, frame: np.ndarray, index: int) -> np.ndarray:
        for card in self.cards:
            if not card.first <= index < card.last:
                continue
            h, w = card.sprite.shape[:2]
            h, w = min(h, self.height), min(w, self.width)
            x = (self.width - w) // 2
            margin = self.height // 24
            y = margin if card.top else self.height - h - margin
            y = min(max(y, 0), self.height - h)  # a card as tall as a tiny frame still fits
            over(frame[y : y + h, x : x + w], card.sprite[:h, :w])
        return frame
