"""film.otio and storyboard.html made to travel: each file they point at goes beside them.

The editor writes both into the project, pointing at rendered files where they lie: the timeline
at each shot's clip by an absolute file URL (so an NLE opened on this machine finds them), the
storyboard at keyframe images by paths relative to the project. Copied to a delivery folder or
zipped, neither resolves. These functions return the document with every local reference
rewritten to a path relative to the document, under a folder of its own (`clips/s1-3.mp4`,
`storyboard/003-keyframe_0.png`), and the files to copy there, by that path:

    text, files = portable_timeline(otio_text, project_root)   # {"clips/s1-3.mp4": Path(...)}
    html, files = portable_storyboard(page, project_root)      # {"storyboard/000-k0.png": Path(...)}

The timeline is rewritten through OpenTimelineIO itself (each clip's `ExternalReference`
`target_url`, read and written with `otio.url_utils`); a clip whose file is gone gets a
`MissingReference` keeping the old URL in its metadata, so the timeline never points outside the
delivery. The storyboard's `src` and `href` attributes are rewritten in place (the page is ours:
every attribute is double-quoted and escaped); one whose file is gone is emptied, the image's alt
text standing in. Web addresses, `data:` and `#` links are left as they are.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import opentimelineio as otio

CLIPS = "clips"
IMAGES = "storyboard"
_LINK = re.compile(r'(\s(?:src|href)=")([^"]*)(")')
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def portable_timeline(text: str, base: Path) -> tuple[str, dict[str, Path]]:
    """The OTIO JSON `text` with each clip's media under `clips/`, and those files by their new
    path. Relative URLs in `text` are read against `base` (the project)."""
    timeline = otio.adapters.read_from_string(text, "otio_json")
    files: dict[str, Path] = {}
    for clip in timeline.find_clips():
        reference = clip.media_reference
        if not isinstance(reference, otio.schema.ExternalReference):
            continue
        source = _local(reference.target_url, base, url=True)
        if source is None:
            continue
        if not source.is_file():
            clip.media_reference = otio.schema.MissingReference(
                name=clip.name,
                available_range=reference.available_range,
                metadata={"storyreel": {"missing": reference.target_url}},
            )
            continue
        name = _place(files, source, f"{CLIPS}/{_safe(clip.name or source.stem)}{source.suffix}")
        reference.target_url = otio.url_utils.url_from_filepath(name)
    return otio.adapters.write_to_string(timeline, "otio_json"), files


def portable_storyboard(page: str, base: Path) -> tuple[str, dict[str, Path]]:
    """The storyboard `page` with each local image or link under `storyboard/`, and those files
    by their new path. Relative links in `page` are read against `base` (where it was written)."""
    files: dict[str, Path] = {}

    def rewrite(m: re.Match[str]) -> str:
        source = _local(html.unescape(m.group(2)), base, url=False)
        if source is None:
            return m.group(0)
        if not source.is_file():
            return m.group(1) + m.group(3)
        name = _place(files, source, f"{IMAGES}/{len(files):03d}-{_safe(source.name)}")
        return m.group(1) + html.escape(urllib.parse.quote(name), quote=True) + m.group(3)

    return _LINK.sub(rewrite, page), files


def _local(link: str, base: Path, *, url: bool) -> Path | None:
    """The file `link` names (absolute, or relative to `base`), or None when it is no local file."""
    parts = urllib.parse.urlsplit(link)
    if (
        not link
        or link.startswith("#")
        or (parts.scheme and parts.scheme != "file" and len(parts.scheme) > 1)
    ):
        return None  # a web address, data:, a fragment (a one-letter scheme is a Windows drive)
    if parts.scheme == "file" or url:
        path = Path(otio.url_utils.filepath_from_url(link))
    else:
        path = Path(urllib.parse.unquote(parts.path))
    return path if path.is_absolute() else Path(base) / path


def _place(files: dict[str, Path], source: Path, wanted: str) -> str:
    """Where `source` goes: where it already went, else `wanted` (numbered when taken)."""
    for name, placed in files.items():
        if placed == source:
            return name
    name, stem, suffix, n = wanted, wanted.rsplit(".", 1)[0], Path(wanted).suffix, 1
    while name in files:
        name, n = f"{stem}-{n}{suffix}", n + 1
    files[name] = source
    return name


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("._") or "file"
