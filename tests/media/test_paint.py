"""Colours and premultiplied alpha: what every drawing in storyreel composites with."""

from __future__ import annotations

import numpy as np

from storyreel.media.paint import mix, over, premultiply, rgb, shade, stable_seed


def test_colours_parse_mix_and_shade():
    assert rgb("#FF8000") == (255, 128, 0)
    assert mix((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25)
    assert shade((200, 100, 50), 0.5) == (100, 50, 25) and shade((200, 100, 50), 2.0) == (255, 200, 100)
    assert stable_seed("set", "PARK", 3) == stable_seed("set", "PARK", 3) != stable_seed("set", "PARK", 4)


def test_a_premultiplied_card_composites_over_a_frame():
    card = np.zeros((2, 2, 4), np.uint8)
    card[0] = (255, 255, 255, 255)  # opaque white
    card[1] = (255, 255, 255, 128)  # half-transparent white
    premultiplied = premultiply(card)
    assert tuple(premultiplied[1, 0]) == (128, 128, 128, 128)
    frame = np.zeros((2, 2, 3), np.uint8)
    over(frame, premultiplied)
    assert tuple(frame[0, 0]) == (255, 255, 255)
    assert 126 <= frame[1, 0, 0] <= 130  # half of the white over black
    grey = np.full((1, 1, 3), 100, np.uint8)
    over(grey, np.zeros((1, 1, 4), np.uint8))
    assert tuple(grey[0, 0]) == (100, 100, 100)  # a transparent card leaves the frame alone
