"""Thumbnails: small JPEGs, named by their source's state, made once however many ask at once."""

from __future__ import annotations

import threading
import time

from PIL import Image

from storyreel.web import thumbs


def test_a_thumbnail_is_at_most_320_wide_and_a_changed_source_gets_a_new_one(tmp_path):
    source = tmp_path / "key.png"
    Image.new("RGB", (1280, 720), (200, 40, 40)).save(source)
    first = thumbs.thumbnail(tmp_path, source)
    with Image.open(first) as image:
        assert image.format == "JPEG" and image.size == (320, 180)
    assert first.parent == tmp_path / "cache" / "thumbs"
    Image.new("RGB", (640, 360), (40, 200, 40)).save(source)
    assert thumbs.thumbnail(tmp_path, source) != first


def test_two_threads_asking_at_once_make_it_once(tmp_path, monkeypatch):
    source = tmp_path / "key.png"
    Image.new("RGB", (64, 36)).save(source)
    made: list[str] = []
    real = thumbs._make

    def slow(path, source):
        made.append(path.name)
        time.sleep(0.2)
        return real(path, source)

    monkeypatch.setattr(thumbs, "_make", slow)
    results: list = []
    askers = [
        threading.Thread(target=lambda: results.append(thumbs.thumbnail(tmp_path, source))) for _ in range(4)
    ]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len(made) == 1 and len(set(results)) == 1 and results[0].is_file()
