"""Readable cues, SRT and WebVTT: format, timing inside shots, splitting, cleaning, escaping."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyreel.agents.editor import spread_subtitles
from storyreel.models.bible import Resolution
from storyreel.models.cut import Cut, CutEntry, Subtitle
from storyreel.models.plan import Transition
from storyreel.models.screenplay import Element
from storyreel.tools.exports.subtitles import (
    MAX_LINE,
    clean_text,
    readable_cues,
    shot_spans,
    split_speech,
    to_srt,
    to_vtt,
    wrap,
)

SRT_BLOCK = re.compile(
    r"(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n((?:[^\n]+\n?)+)"
)
VTT_BLOCK = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n((?:[^\n]+\n?)+)")
PREFIX = re.compile(r"^[A-Z]+: ")


def seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_srt(text: str) -> list[tuple[int, float, float, list[str]]]:
    blocks = text.strip("\n").split("\n\n")
    out = []
    for block in blocks:
        match = SRT_BLOCK.fullmatch(block + "\n")
        assert match, f"not an SRT cue: {block!r}"
        g = match.groups()
        out.append((int(g[0]), seconds(*g[1:5]), seconds(*g[5:9]), g[9].rstrip("\n").split("\n")))
    return out


def test_srt_is_numbered_ordered_and_fits_the_film(film):
    cues = parse_srt(to_srt(readable_cues(film.cut)))
    assert [c[0] for c in cues] == list(range(1, len(cues) + 1))
    end_of_film = film.cut.total_frames / film.cut.fps
    for (_, start, end, lines), previous in zip(cues, [None, *cues[:-1]], strict=True):
        assert start < end <= end_of_film + 1e-9
        if previous is not None:
            assert start >= previous[2]  # in order, no overlap (even across the dissolve)
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= MAX_LINE for line in lines)


def test_every_speech_is_shown_whole_in_order_inside_its_shot(film):
    cues = readable_cues(film.cut)
    spans = dict(zip([e.shot for e in film.cut.entries], shot_spans(film.cut), strict=True))
    shot_of = {element: shot.id for shot in film.plan.shots for element in shot.covers}
    for element in ("e1", "e2", "e3", "e4"):
        mine = [c for c in cues if c.element == element]
        assert mine, element
        shown = " ".join(PREFIX.sub("", c.text.replace("\n", " ")) for c in mine)
        assert shown == clean_text(film.screenplay.element(element).text)
        start, end = spans[shot_of[element]]
        assert all(start - 1e-6 <= c.start_s and c.end_s <= end + 1e-6 for c in mine)
    assert [c.element for c in cues] == sorted((c.element for c in cues), key=lambda e: int(e[1:]))


def test_a_long_speech_is_split_into_readable_timed_cues(film):
    long = [c for c in readable_cues(film.cut) if c.element == "e1"]
    assert len(long) >= 3
    for cue in long:
        assert 1.0 <= cue.end_s - cue.start_s <= 7.0  # the 6 s shot has room for the floor
        lines = cue.text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= MAX_LINE for line in lines)
    assert long[0].text.startswith("I told you never")  # sentence boundaries come first
    assert "*" not in "".join(c.text for c in long) and "_" not in "".join(c.text for c in long)


def test_speakers_are_named_only_where_a_shot_has_two(film):
    cues = readable_cues(film.cut)
    assert not any(PREFIX.match(c.text) for c in cues if c.element in ("e1", "e4"))
    assert next(c for c in cues if c.element == "e2").text.startswith("DANNY: ")
    assert next(c for c in cues if c.element == "e3").text.startswith("NELL: ")


def test_srt_text_cannot_format_itself_and_vtt_is_escaped(film):
    cues = readable_cues(film.cut)
    srt, vtt = to_srt(cues), to_vtt(cues)
    assert "<" not in srt and ">" not in srt.replace("-->", "")
    assert vtt.startswith("WEBVTT\n\n")
    body = vtt.split("\n", 2)[2]
    assert "<" not in body and ">" not in body.replace(" --> ", "")
    assert "&lt;b&gt;Now&lt;/b&gt; &amp; then." in vtt
    assert "&lt;script&gt;" in vtt
    parsed = VTT_BLOCK.findall(body)
    assert len(parsed) == len(cues)


def test_timestamps_and_emphasis_markers():
    cue = Subtitle(start_s=3661.5, end_s=3662.0426, text="*Hello* _there_,\n\nsnake_case *")
    assert to_srt([cue]) == "1\n01:01:01,500 --> 01:01:02,043\nHello there,\nsnake_case\n"
    assert to_vtt([cue]) == "WEBVTT\n\n01:01:01.500 --> 01:01:02.043\nHello there,\nsnake_case\n"
    assert to_srt([]) == "" and to_vtt([]) == "WEBVTT\n"


@pytest.mark.parametrize(
    "text",
    [
        "Short.",
        "One sentence that is fine. Another one that is also fine. And a third to push it over the edge.",
        "a clause, then another clause; and then a long run of words without any stop at all in it " * 3,
        "x" * 130,
    ],
)
def test_split_speech_pieces_fit_and_keep_every_word(text):
    pieces = split_speech(text)
    assert all(len(wrap(piece)) <= 2 for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_the_name_prefix_counts_toward_the_first_cue():
    pieces = split_speech("w" * 40 + " " + "v" * 40, prefix="ALEXANDRA: ")
    assert pieces[0].startswith("ALEXANDRA: ")
    assert all(len(wrap(piece)) <= 2 for piece in pieces)


def test_a_line_repeated_over_a_reaction_shot_is_shown_once():
    entries = [
        CutEntry(shot="a", clip="a.mp4", sha256="0" * 64, in_frame=0, out_frame=48),
        CutEntry(shot="b", clip="b.mp4", sha256="0" * 64, in_frame=0, out_frame=24),
    ]
    line = "He knew. He always knew, every single time, and he never said a word to either of us."
    cut = Cut(
        resolution=Resolution(width=64, height=36),
        entries=entries,
        subtitles=[
            Subtitle(start_s=0, end_s=2, speaker="NELL", text=line, element="e1"),
            Subtitle(start_s=2, end_s=3, speaker="NELL", text=line, element="e1"),
        ],
        duration_s=3,
    )
    cues = readable_cues(cut)
    assert " ".join(c.text.replace("\n", " ") for c in cues) == line
    assert cues[-1].end_s == 3.0  # runs on over the reaction shot


WORDS = st.sampled_from(
    ["yes", "no.", "never,", "Mum!", "the", "car", "always", "—", "what?", "parallel", "x" * 20]
)


@st.composite
def cuts(draw) -> Cut:
    fps = draw(st.sampled_from([24, 25, 30]))
    count = draw(st.integers(1, 5))
    frames = [draw(st.integers(1, 300)) for _ in range(count)]
    entries, subtitles, start = [], [], 0.0
    for i, length in enumerate(frames):
        out = Transition()
        limit = min(length, frames[i + 1]) if i + 1 < count else 0
        if limit > 1 and draw(st.booleans()):
            out = Transition(type="dissolve", duration_s=draw(st.integers(1, min(limit, 10 * fps))) / fps)
        entries.append(
            CutEntry(
                shot=f"s{i}", clip="c.mp4", sha256="0" * 64, in_frame=0, out_frame=length, transition_out=out
            )
        )
        speeches = [
            Element(
                id=f"e{i}-{k}",
                type="dialogue",
                text=" ".join(draw(st.lists(WORDS, min_size=1, max_size=40))),
                line=1,
                character=draw(st.sampled_from(["NELL", "DANNY"])),
            )
            for k in range(draw(st.integers(0, 3)))
        ]
        subtitles.extend(spread_subtitles(speeches, start, length / fps))
        overlap = math.floor(out.duration_s * fps + 0.5) if out.type == "dissolve" else 0
        start += (length - overlap) / fps
    total = sum(frames) - sum(math.floor(e.transition_out.duration_s * fps + 0.5) for e in entries)
    return Cut(
        fps=fps,
        resolution=Resolution(width=64, height=36),
        entries=entries,
        # sorted: the editor's cues of a shot can start after the next shot's first, in a dissolve
        subtitles=sorted(
            (c for c in subtitles if c.end_s <= total / fps + 0.5 / fps), key=lambda c: c.start_s
        ),
        duration_s=total / fps,
    )


@settings(max_examples=60, deadline=None)
@given(cuts())
def test_readable_cues_never_overlap_or_overrun(cut):
    cues = readable_cues(cut)
    end_of_film = cut.total_frames / cut.fps
    for i, cue in enumerate(cues):
        previous = cues[i - 1] if i else None
        assert 0 <= cue.start_s < cue.end_s <= end_of_film + 1e-9
        assert cue.end_s - cue.start_s <= 7.0 + 1e-9
        if previous is not None:
            assert cue.start_s >= previous.end_s
        lines = cue.text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= MAX_LINE for line in lines)
    assert len(parse_srt(to_srt(cues))) == len(cues) if cues else to_srt(cues) == ""
