"""film.otio and storyboard.html made to travel (portable.py): every local reference rewritten to
a path beside the document, and the files to put there."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import opentimelineio as otio

from storyreel.tools.exports.portable import portable_storyboard, portable_timeline
from storyreel.tools.exports.storyboard import storyboard_html
from storyreel.tools.exports.timeline import write_otio


def timeline_of(film) -> str:
    return write_otio(film.cut, film.plan, film.critiques, name="garage", project=film.project)


def clip_file(film, entry) -> Path:
    return film.project / entry.clip  # an absolute clip path stays itself


def test_each_clip_points_beside_the_timeline_at_a_copy_of_its_file(film):
    text, files = portable_timeline(timeline_of(film), film.project)
    clips = list(otio.adapters.read_from_string(text, "otio_json").find_clips())
    assert [c.media_reference.target_url for c in clips] == [f"clips/{e.shot}.mp4" for e in film.cut.entries]
    assert files == {f"clips/{e.shot}.mp4": clip_file(film, e) for e in film.cut.entries}
    assert all(path.is_file() for path in files.values())
    # everything else in the timeline is as the editor wrote it
    before = otio.adapters.read_from_string(timeline_of(film), "otio_json")
    after = otio.adapters.read_from_string(text, "otio_json")
    assert after.duration() == before.duration() and len(after.tracks[1][0].markers) == len(
        before.tracks[1][0].markers
    )


def test_a_clip_whose_file_is_gone_is_a_missing_reference(film):
    gone = film.cut.entries[0]
    clip_file(film, gone).unlink()
    text, files = portable_timeline(timeline_of(film), film.project)
    first = otio.adapters.read_from_string(text, "otio_json").find_clips()[0]
    assert isinstance(first.media_reference, otio.schema.MissingReference)
    assert first.media_reference.metadata["storyreel"]["missing"].startswith("file://")
    assert f"clips/{gone.shot}.mp4" not in files and len(files) == len(film.cut.entries) - 1


def test_the_storyboards_images_go_under_storyboard_and_web_links_stay(film):
    page = storyboard_html(film.plan, film.screenplay, film.cut, film.assets, project=film.project, title="t")
    page = page.replace("</body>", '<a href="https://example.com/x">x</a><a href="#top">top</a></body>')
    html, files = portable_storyboard(page, film.project)
    sources = re.findall(r'src="([^"]*)"', html)
    assert sources and all(s.startswith("storyboard/") for s in sources)
    assert sorted(urllib.parse.unquote(s) for s in sources) == sorted(files)
    shown = [p for assets in film.assets.values() for p in assets.keyframes]
    assert sorted(str(p) for p in files.values()) == sorted(shown)
    assert 'href="https://example.com/x"' in html and 'href="#top"' in html
    assert html.replace("\n", "").count("<figure>") == page.replace("\n", "").count("<figure>")


def test_one_file_named_twice_is_copied_once(film):
    page = storyboard_html(film.plan, film.screenplay, film.cut, film.assets, project=film.project, title="t")
    first = re.search(r'<img src="([^"]*)"', page).group(1)
    twice = page.replace("</body>", f'<img src="{first}" alt="again"></body>')
    html, files = portable_storyboard(twice, film.project)
    links = re.findall(r'src="([^"]*)"', html)
    assert links[0] == links[-1] and len(files) == len(set(links))
