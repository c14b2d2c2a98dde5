"""The cut as an OpenTimelineIO timeline, for editors to open in their NLE.

Tracks:
- "Picture" (video): one Clip per cut entry, named after its shot, referencing the rendered file
  (ExternalReference with a file URL). A dissolve is an `SMPTE_Dissolve` Transition between two
  clips, centred on the edit: `in_offset` (before the edit, shown from the incoming clip's
  head handle) is half the overlap, `out_offset` (after it, from the outgoing clip's tail
  handle) the rest. So each clip's
  `visible_range()` is exactly its entry's `in_frame .. out_frame`, its `source_range` is that
  less the transition halves, and the track runs as long as the film.
- "Subtitles" (video, empty): one Gap as long as the film carrying a Marker per readable cue
  (name = the cue's text, comment = the speaker). A marker track survives NLE round trips better
  than timeline metadata and lines the cues up on the timeline; EDL export leaves it out.

Each clip's `metadata["storyreel"]` holds the shot: number (1-based), id, scene, kind, camera,
subjects, description, covers, pacing, seed, the entry's frames, hash and transitions. Fades
are in that metadata and also a Marker at the clip's head or tail ("fade in from #000000"). Each
critic round is a Marker named "critic round N: passed" (GREEN) or "...: failed" (RED), with its
reasons as the comment.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path
from typing import Any

import opentimelineio as otio

from storyreel.models.critique import Round
from storyreel.models.cut import Cut, CutEntry
from storyreel.models.plan import ShotPlan
from storyreel.project import atomic_write
from storyreel.tools.exports.subtitles import readable_cues

EDITORIAL_FORMATS = {"edl": ("cmx_3600", ".edl"), "fcp_xml": ("fcp_xml", ".xml")}


def to_otio(
    cut: Cut,
    plan: ShotPlan,
    critiques: dict[str, list[Round]] | None,
    *,
    name: str,
    project: Path | None = None,
) -> otio.schema.Timeline:
    """The timeline of the cut. Relative clip paths are resolved against `project` when given."""
    rate = float(cut.fps)
    numbers = {shot.id: number for number, shot in enumerate(plan.shots, start=1)}
    picture = otio.schema.Track(name="Picture", kind=otio.schema.TrackKind.Video)
    for index, entry in enumerate(cut.entries):
        head = _half(cut, index - 1, second=True) if index else 0  # incoming half of a dissolve
        tail = _half(cut, index, second=False)  # outgoing half
        if index:
            overlap = cut.overlap_frames(index - 1)
            if overlap:
                picture.append(
                    otio.schema.Transition(
                        name=f"dissolve {cut.entries[index - 1].shot} -> {entry.shot}",
                        transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                        in_offset=otio.opentime.RationalTime(head, rate),
                        out_offset=otio.opentime.RationalTime(overlap - head, rate),
                    )
                )
        picture.append(_clip(cut, plan, entry, numbers.get(entry.shot), head, tail, project))
        for round_ in (critiques or {}).get(entry.shot, []):
            picture[-1].markers.append(_critic_marker(round_, picture[-1]))
    film = otio.opentime.TimeRange(
        otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(cut.total_frames, rate)
    )
    subtitles = otio.schema.Track(name="Subtitles", kind=otio.schema.TrackKind.Video)
    subtitles.append(otio.schema.Gap(source_range=film))
    for cue in readable_cues(cut):
        subtitles[0].markers.append(
            otio.schema.Marker(
                name=cue.text,
                marked_range=otio.opentime.range_from_start_end_time(
                    otio.opentime.RationalTime(round(cue.start_s * rate, 3), rate),
                    otio.opentime.RationalTime(round(cue.end_s * rate, 3), rate),
                ),
                color=otio.schema.MarkerColor.YELLOW,
                comment=cue.speaker or "",
                metadata={"storyreel": cue.model_dump(mode="json")},
            )
        )
    return otio.schema.Timeline(
        name=name,
        tracks=[picture, subtitles],
        global_start_time=otio.opentime.RationalTime(0, rate),
        metadata={
            "storyreel": {
                "fps": cut.fps,
                "resolution": cut.resolution.model_dump(mode="json"),
                "duration_s": cut.duration_s,
                "frames": cut.total_frames,
            }
        },
    )


def write_otio(
    cut: Cut,
    plan: ShotPlan,
    critiques: dict[str, list[Round]] | None,
    *,
    name: str,
    project: Path | None = None,
) -> str:
    """The timeline as OTIO JSON text (write it as `<name>.otio`)."""
    timeline = to_otio(cut, plan, critiques, name=name, project=project)
    return otio.adapters.write_to_string(timeline, "otio_json")


def export_editorial(
    timeline: otio.schema.Timeline, folder: Path, notes: list[str] | None = None, *, stem: str = "film"
) -> dict[str, str]:
    """Write the picture track as an EDL (CMX 3600) and as FCP 7 XML into `folder` as `film.edl`
    and `film.xml` (beside film.otio, film.srt: `stem`), each only when its adapter is installed
    (they come with `opentimelineio-plugins`); return the paths written by format. Nothing installed: nothing written, an empty dict. A format the adapter cannot
    write for this timeline (EDL timecode exists only at SMPTE rates: 12 fps has none) is
    skipped, and why is appended to `notes`."""
    available = set(otio.adapters.available_adapter_names())
    wanted = {kind: spec for kind, spec in EDITORIAL_FORMATS.items() if spec[0] in available}
    if not wanted:
        return {}
    picture_only = timeline.deepcopy()  # EDL takes one video track; subtitles are markers only
    for track in list(picture_only.tracks)[1:]:
        picture_only.tracks.remove(track)
    written: dict[str, str] = {}
    for kind, (adapter, suffix) in wanted.items():
        try:
            text = otio.adapters.write_to_string(picture_only, adapter)
        except (ValueError, otio.exceptions.OTIOError) as error:
            if notes is not None:
                notes.append(f"{kind} not written: {error}")
            continue
        path = Path(folder) / f"{stem}{suffix}"
        atomic_write(path, text.encode())
        written[kind] = str(path)
    return written


def _half(cut: Cut, index: int, *, second: bool) -> int:
    """Frames of the dissolve after entry `index` on one side of the edit: the first half is
    shown before it (from the outgoing clip), the second after (from the incoming clip)."""
    if index < 0 or index >= len(cut.entries):
        return 0
    overlap = cut.overlap_frames(index)
    first = overlap // 2
    return overlap - first if second else first


def _clip(
    cut: Cut,
    plan: ShotPlan,
    entry: CutEntry,
    number: int | None,
    head: int,
    tail: int,
    project: Path | None,
) -> otio.schema.Clip:
    rate = float(cut.fps)
    try:
        shot = plan.shot(entry.shot)
        length = max(shot.frame_count(plan.fps) * cut.fps // plan.fps, entry.out_frame)
    except KeyError:
        shot, length = None, entry.out_frame
    reference = otio.schema.ExternalReference(
        target_url=_file_url(entry.clip, project),
        available_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(length, rate)
        ),
    )
    metadata: dict[str, Any] = {
        "shot": entry.shot,
        "number": number,
        "clip": entry.clip,
        "sha256": entry.sha256,
        "in_frame": entry.in_frame,
        "out_frame": entry.out_frame,
        "transition_in": entry.transition_in.model_dump(mode="json"),
        "transition_out": entry.transition_out.model_dump(mode="json"),
    }
    if shot is not None:
        metadata |= {
            "scene": shot.scene,
            "kind": shot.kind,
            "camera": shot.camera.model_dump(mode="json"),
            "subjects": list(shot.subjects),
            "description": shot.description,
            "covers": list(shot.covers),
            "pacing": shot.pacing,
            "seed": shot.seed,
        }
    clip = otio.schema.Clip(
        name=entry.shot,
        media_reference=reference,
        source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(entry.in_frame + head, rate),
            otio.opentime.RationalTime(entry.frames - head - tail, rate),
        ),
        metadata={"storyreel": metadata},
    )
    for fade, at_head in ((entry.transition_in, True), (entry.transition_out, False)):
        if fade.type != "fade":
            continue
        frames = min(max(1, round(fade.duration_s * rate)), entry.frames - head - tail)
        start = entry.in_frame + head if at_head else entry.out_frame - tail - frames
        clip.markers.append(
            otio.schema.Marker(
                name=f"fade {'in from' if at_head else 'out to'} {fade.colour}",
                marked_range=otio.opentime.TimeRange(
                    otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(frames, rate)
                ),
                color=otio.schema.MarkerColor.BLACK,
                comment=fade.text or "",
                metadata={"storyreel": fade.model_dump(mode="json")},
            )
        )
    return clip


def _critic_marker(round_: Round, clip: otio.schema.Clip) -> otio.schema.Marker:
    verdict = "passed" if round_.passed else "failed"
    start = clip.source_range.start_time
    return otio.schema.Marker(
        name=f"critic round {round_.round}: {verdict}",
        marked_range=otio.opentime.TimeRange(start, otio.opentime.RationalTime(1, start.rate)),
        color=otio.schema.MarkerColor.GREEN if round_.passed else otio.schema.MarkerColor.RED,
        comment=" ".join(round_.reasons),
        metadata={"storyreel": round_.model_dump(mode="json")},
    )


def _file_url(path: str, project: Path | None) -> str:
    """A file:// URL for an absolute path (or one under `project`); else the path URL-quoted."""
    candidate = Path(path)
    if not candidate.is_absolute() and project is not None:
        candidate = Path(project) / candidate
    if candidate.is_absolute():
        return Path(os.path.abspath(candidate)).as_uri()
    return urllib.parse.quote(candidate.as_posix())
