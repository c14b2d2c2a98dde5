"""The OpenTimelineIO export: write, read back, and compare clips, ranges, transitions, markers."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from storyreel.tools.exports import timeline as timeline_module
from storyreel.tools.exports.subtitles import readable_cues
from storyreel.tools.exports.timeline import export_editorial, to_otio, write_otio


def plain(value):
    """OTIO metadata (AnyDictionary, AnyVector) as plain dicts and lists."""
    if hasattr(value, "items"):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__"):
        return [plain(v) for v in value]
    return value


@pytest.fixture
def back(film):
    text = write_otio(film.cut, film.plan, film.critiques, name="garage")
    return otio.adapters.read_from_string(text, "otio_json")


def test_round_trip_keeps_clips_ranges_and_metadata(film, back):
    assert back.name == "garage"
    picture, subtitles = back.tracks
    clips = list(picture.find_clips())
    assert [c.name for c in clips] == [s.id for s in film.plan.shots]
    assert picture.duration().value == film.cut.total_frames
    assert back.metadata["storyreel"]["fps"] == 24
    for number, (clip, entry, shot) in enumerate(
        zip(clips, film.cut.entries, film.plan.shots, strict=True), 1
    ):
        visible = clip.visible_range()
        assert (visible.start_time.value, visible.duration.value) == (entry.in_frame, entry.frames)
        assert visible.start_time.rate == 24
        assert clip.media_reference.target_url.startswith("file://")
        assert clip.media_reference.target_url.endswith(entry.clip.rsplit("/", 1)[1])
        assert clip.media_reference.available_range.duration.value >= entry.out_frame
        meta = plain(clip.metadata["storyreel"])
        assert meta["number"] == number
        assert meta["camera"] == shot.camera.model_dump(mode="json")
        assert (meta["kind"], meta["subjects"], meta["covers"]) == (shot.kind, shot.subjects, shot.covers)
        assert meta["description"] == shot.description
        assert meta["sha256"] == entry.sha256
    assert clips[0].metadata["storyreel"]["seed"] == 7
    assert (
        to_otio(film.cut, film.plan, film.critiques, name="garage").to_json_string() == back.to_json_string()
    )


def test_the_dissolve_is_a_transition_centred_on_the_edit(film, back):
    transitions = [item for item in back.tracks[0] if isinstance(item, otio.schema.Transition)]
    assert len(transitions) == 1
    (dissolve,) = transitions
    assert dissolve.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
    overlap = film.cut.overlap_frames(1)  # s2 dissolves into s3
    assert overlap == 12
    assert dissolve.in_offset.value + dissolve.out_offset.value == overlap
    assert dissolve.in_offset.value == overlap // 2
    before, after = back.tracks[0].neighbors_of(dissolve)
    assert (before.name, after.name) == ("s2", "s3")


def test_critic_rounds_and_fades_are_markers(back):
    s1 = back.tracks[0].find_clips()[0]
    critic = [m for m in s1.markers if m.name.startswith("critic")]
    assert [(m.name, m.color, m.comment) for m in critic] == [
        ("critic round 0: failed", otio.schema.MarkerColor.RED, "Too fast. Pan is missing."),
        ("critic round 1: passed", otio.schema.MarkerColor.GREEN, "Movement matches."),
    ]
    fades = [
        m.name for clip in back.tracks[0].find_clips() for m in clip.markers if m.name.startswith("fade")
    ]
    assert fades == ["fade in from #000000", "fade out to #000000"]


def test_subtitles_are_markers_on_their_own_track(film, back):
    subtitles = back.tracks[1]
    assert subtitles.name == "Subtitles" and not list(subtitles.find_clips())
    markers = list(subtitles[0].markers)
    cues = readable_cues(film.cut)
    assert [m.name for m in markers] == [c.text for c in cues]
    for marker, cue in zip(markers, cues, strict=True):
        assert marker.marked_range.start_time.to_seconds() == pytest.approx(cue.start_s, abs=1e-6)
        assert marker.marked_range.end_time_exclusive().to_seconds() == pytest.approx(cue.end_s, abs=1e-6)


def test_no_editorial_plugins_means_nothing_written(film, tmp_path, monkeypatch):
    monkeypatch.setattr(otio.adapters, "available_adapter_names", lambda: ["otio_json", "otioz", "otiod"])
    timeline = to_otio(film.cut, film.plan, None, name="garage")
    assert export_editorial(timeline, tmp_path) == {}
    assert list(tmp_path.iterdir()) == [film.project]  # the fixture's project only


def test_editorial_formats_get_the_picture_track_only(film, tmp_path, monkeypatch):
    seen = []

    def fake_write(timeline, adapter):
        seen.append((adapter, [t.name for t in timeline.tracks]))
        return f"{adapter} text"

    monkeypatch.setattr(
        otio.adapters, "available_adapter_names", lambda: ["otio_json", "cmx_3600", "fcp_xml"]
    )
    monkeypatch.setattr(timeline_module.otio.adapters, "write_to_string", fake_write)
    timeline = to_otio(film.cut, film.plan, None, name="the garage")
    written = export_editorial(timeline, tmp_path)
    assert seen == [("cmx_3600", ["Picture"]), ("fcp_xml", ["Picture"])]
    assert sorted(written) == ["edl", "fcp_xml"]
    assert (tmp_path / "film.edl").read_text() == "cmx_3600 text"
    assert (tmp_path / "film.xml").read_text() == "fcp_xml text"
    assert len(timeline.tracks) == 2  # the caller's timeline is untouched


@pytest.mark.skipif(
    not {"cmx_3600", "fcp_xml"} <= set(otio.adapters.available_adapter_names()),
    reason="the EDL and FCP XML adapters come with opentimelineio-plugins",
)
def test_real_edl_and_fcp_xml_read_back_as_the_film(film, tmp_path):
    written = export_editorial(to_otio(film.cut, film.plan, film.critiques, name="garage"), tmp_path)
    assert sorted(written) == ["edl", "fcp_xml"]
    assert "TITLE: garage" in Path(written["edl"]).read_text()
    for path in written.values():
        back = otio.adapters.read_from_file(path)
        (track,) = back.video_tracks()
        assert [c.name for c in track.find_clips()] == [s.id for s in film.plan.shots]
        assert track.duration().value == film.cut.total_frames
        assert sum(isinstance(item, otio.schema.Transition) for item in track) == 1


def test_a_format_the_adapter_cannot_write_is_skipped_with_a_note(film, tmp_path, monkeypatch):
    """EDL timecode exists only at SMPTE rates: a 12 fps film gets its OTIO, and a note, not a crash."""

    def refuse(timeline, adapter):
        if adapter == "cmx_3600":
            raise ValueError("SMPTE timecode does not support this rate")
        return "<xmeml/>"

    monkeypatch.setattr(
        otio.adapters, "available_adapter_names", lambda: ["otio_json", "cmx_3600", "fcp_xml"]
    )
    monkeypatch.setattr(timeline_module.otio.adapters, "write_to_string", refuse)
    notes: list[str] = []
    written = export_editorial(to_otio(film.cut, film.plan, {}, name="t"), tmp_path, notes)
    assert set(written) == {"fcp_xml"}
    assert notes == ["edl not written: SMPTE timecode does not support this rate"]
