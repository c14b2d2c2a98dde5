"""The delivery folder as one download: `Studio.export` into a temporary folder, zipped there.

The zip is written in a folder of its own under the system's temporary directory and the route
removes that folder once the download has been sent (or failed), so nothing half-written is ever
left in the project or anywhere else; the export itself is Studio's, the same as `/export` in
`storyreel chat`, and the zip holds that folder whole: film.otio's clips and storyboard.html's
images sit in it at the relative paths the two files name (tools/exports/portable.py).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

STORED = {".mp4", ".mov", ".webm"}  # already compressed: deflating a film costs seconds and saves nothing


def delivery_zip(root: Path, name: str, version: int | None) -> tuple[Path, Path]:
    """(the zip, the scratch folder holding it: the caller removes it when the zip is sent)."""
    from storyreel.api import Studio

    scratch = Path(tempfile.mkdtemp(prefix="storyreel-export-"))
    try:
        folder = scratch / "delivery"
        Studio(root).export(folder)
        archive = scratch / f"{name}-v{version}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                packed = zipfile.ZIP_STORED if path.suffix in STORED else zipfile.ZIP_DEFLATED
                inside = path.relative_to(folder).as_posix()
                bundle.write(path, arcname=f"{name}-v{version}/{inside}", compress_type=packed)
        shutil.rmtree(folder)  # the zip holds it now: no second copy while it downloads
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return archive, scratch
