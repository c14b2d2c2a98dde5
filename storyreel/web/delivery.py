"""The delivery folder as one download: `Studio.export` into a temporary folder, zipped there.

The zip is written in a folder of its own under the system's temporary directory and the route
removes that folder once the download has been sent (or failed), so nothing half-written is ever
left in the project or anywhere else; the export itself is Studio's, the same as `/export` in
`storyreel chat`.
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
        copied = Studio(root).export(scratch / "delivery")
        archive = scratch / f"{name}-v{version}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in copied.values():
                packed = zipfile.ZIP_STORED if path.suffix in STORED else zipfile.ZIP_DEFLATED
                bundle.write(path, arcname=f"{name}-v{version}/{path.name}", compress_type=packed)
        shutil.rmtree(scratch / "delivery")  # the zip holds it now: no second copy while it downloads
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return archive, scratch
