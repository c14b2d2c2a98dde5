"""The manifest: what made each asset of a run, so a film can be traced and reproduced.

Per shot and stage (keyframes, draft, final): the files with their sha256 (computed here), the
cache key the stage was stored under, what made them when the renderer says so per stage (its
settings' "stages": pipeline class, model, dtype, steps), the seed and the camera spec; once for
the run: the renderer (name, version, settings), the brain, the versions of storyreel, Python
and the libraries that touch pixels, the ffmpeg binary, and the film's path and hash.

No secrets: the environment is never read, and any setting whose name looks like a credential
(key, token, secret, password, auth, credential, cookie) or whose value does ('sk-...',
'Bearer ...') is replaced by "<redacted>", at any depth.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from storyreel.models.assets import ShotAssets
from storyreel.models.plan import ShotPlan

MANIFEST_VERSION = "Manifest.1"
STAGES = {"keyframes": "keyframes", "draft": "draft", "final": "refine"}  # stage -> its cache key name
_SECRET_WORDS = {
    "key", "apikey", "token", "secret", "password", "passwd", "pwd", "auth", "authorization",
    "credential", "credentials", "cookie", "bearer", "signature", "private", "session",
}  # fmt: skip
_SECRET_PARTS = ("secret", "password", "token", "apikey", "credential")
_SECRET_VALUE = re.compile(r"^\s*(bearer\s|basic\s|sk-|sk_|hf_|ghp_|gho_|github_pat_|xox[abps]-|AKIA)", re.I)
REDACTED = "<redacted>"


def build_manifest(
    plan: ShotPlan,
    assets: dict[str, ShotAssets],
    *,
    renderer: dict[str, Any],
    brain: dict[str, Any],
    storyreel_version: str,
    cut_path: str | None,
    film_sha256: str | None,
    project: Path | None = None,
    default_seed: int | None = None,
) -> dict[str, Any]:
    """The manifest as JSON-ready data. Relative asset paths are read under `project`, and paths
    under it are written relative to it; `default_seed` (the bible's) fills shots without one."""
    shots: dict[str, Any] = {}
    # A renderer whose settings name what made each stage (the diffusers backend: pipeline class,
    # model, dtype, steps...) gets that copied onto every asset of the stage.
    made_by = (renderer.get("settings") or {}).get("stages") or {}
    for number, shot in enumerate(plan.shots, start=1):
        stages: dict[str, Any] = {}
        for stage, (paths, key) in _made(assets.get(shot.id)).items():
            stages[stage] = {"key": key, "files": [_file(path, project) for path in paths]}
            if isinstance(made_by.get(STAGES[stage]), dict):
                stages[stage]["made_by"] = redact(made_by[STAGES[stage]])
        shots[shot.id] = {
            "number": number,
            "seed": shot.seed if shot.seed is not None else default_seed,
            "camera": shot.camera.model_dump(mode="json"),
            "duration_s": shot.duration_s,
            "stages": stages,
        }
    return {
        "schema_version": MANIFEST_VERSION,
        "film": {"path": _shown(cut_path, project) if cut_path else None, "sha256": film_sha256},
        "renderer": redact(renderer),
        "brain": redact(brain),
        "versions": versions(storyreel_version),
        "shots": shots,
    }


def _made(assets: ShotAssets | None) -> dict[str, tuple[list[str], str | None]]:
    """Per stage made so far, in STAGES order: its files and its cache key."""
    if assets is None:
        return {}
    made = {"keyframes": (list(assets.keyframes), assets.keys.keyframes)}
    if assets.draft is not None:
        made["draft"] = ([assets.draft], assets.keys.draft)
    if assets.final is not None:
        made["final"] = ([assets.final], assets.keys.refine)
    return made


def redact(value: Any) -> Any:
    """A copy of settings with every credential-like entry replaced by '<redacted>': a name with
    a word like key, token, secret, password or auth in it ('api_key', 'hfToken', 'Authorization',
    not 'keyframes'), or a string that looks like a credential ('sk-...', 'Bearer ...')."""
    if isinstance(value, dict):
        return {str(k): REDACTED if is_secret_name(str(k)) else redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return REDACTED if _SECRET_VALUE.match(value) else value
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


def is_secret_name(name: str) -> bool:
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    if any(part in words.replace("_", "").replace("-", "") for part in _SECRET_PARTS):
        return True
    return any(word in _SECRET_WORDS for word in re.split(r"[^a-z0-9]+", words))


def versions(storyreel_version: str) -> dict[str, Any]:
    """Versions of what made the pixels: read from package metadata (nothing is imported),
    plus the ffmpeg binary imageio-ffmpeg runs, when it is installed."""
    out: dict[str, Any] = {
        "storyreel": storyreel_version,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    for name, dists in {
        "numpy": ["numpy"],
        "opencv": ["opencv-python-headless", "opencv-python", "opencv-contrib-python"],
        "opentimelineio": ["opentimelineio"],
        "imageio_ffmpeg": ["imageio-ffmpeg"],
        "torch": ["torch"],
        "diffusers": ["diffusers"],
        "transformers": ["transformers"],
        "peft": ["peft"],
    }.items():
        out[name] = _dist_version(dists)
    out["ffmpeg"] = _ffmpeg()
    return out


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file(path: str, project: Path | None) -> dict[str, Any]:
    full = Path(path)
    if not full.is_absolute() and project is not None:
        full = Path(project) / full
    entry: dict[str, Any] = {"path": _shown(path, project)}
    if full.is_file():
        entry["sha256"] = sha256_file(full)
        entry["bytes"] = full.stat().st_size
    else:
        entry["sha256"] = None
        entry["missing"] = True
    return entry


def _shown(path: str, project: Path | None) -> str:
    """The path relative to the project when it lies inside it, else as given."""
    if project is None or not Path(path).is_absolute():
        return str(path)
    root = os.path.abspath(project)
    full = os.path.abspath(path)
    return Path(os.path.relpath(full, root)).as_posix() if full.startswith(root + os.sep) else str(path)


def _dist_version(names: list[str]) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _ffmpeg() -> dict[str, str | None] | None:
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return {"path": imageio_ffmpeg.get_ffmpeg_exe(), "version": imageio_ffmpeg.get_ffmpeg_version()}
    except (RuntimeError, OSError):
        return {"path": None, "version": None}
