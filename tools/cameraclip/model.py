"""CameraCLIP: an open_clip model that scores a clip against the text of its camera language.

    video (mp4 path or RGB frames) --sample_frames--> 8 frames, uniformly spaced, first to last
        --fit_frames--> uint8 at the model's input size --normalise--> image tower, per frame
        --unit vectors, mean, unit vector--> the video embedding           (Li et al. 2024)
    camera_caption(CameraSpec) --tokenizer--> text tower --unit vector--> the text embedding
    score = cosine similarity of the two, in [-1, 1]

A file is streamed: its frames are counted first, then decoded one at a time and only the eight
sampled ones are kept. Checkpoints are a torch file holding a format tag, a JSON-able config (the
open_clip model config, input size, normalisation) and a float16 state dict; `load` rebuilds the
model from the config alone, never touching the network, and reads with weights_only=True.

torch and open_clip are imported inside functions: this module imports on the base install, and
calling into the model without the `ml` extra raises MissingExtraError.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.media.video import probe, read_frames
from storyreel.models.plan import CameraSpec
from storyreel.tools.cameraclip.captions import camera_caption

# What torch.load and load_state_dict raise for a file that is not a checkpoint of ours, found by
# feeding torch.load 3,000 random and truncated byte strings (UnpicklingError, IndexError,
# UnicodeDecodeError, RuntimeError, EOFError, struct.error, KeyError) and weights of another
# shape (RuntimeError from load_state_dict); OSError for a file that cannot be read. Anything
# else is a bug of ours and escapes.
UNREADABLE = (pickle.UnpicklingError, RuntimeError, EOFError, OSError, LookupError, ValueError, struct.error)

if TYPE_CHECKING:
    import torch

FORMAT = "storyreel.cameraclip/1"
FRAMES = 8  # frames per clip, as in the paper
# open_clip's (OpenAI's) image normalisation.
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)

# A tiny CLIP that trains from scratch on a 2-core CPU in minutes and stores in about 9 MB at
# float16: open_clip's ModifiedResNet (the RN50 design: a three-convolution stem, one bottleneck
# per stage, attention pooling) 16 channels wide on a 64x64 frame (the whole frame, squeezed, so
# framing is never cropped away), a 3-layer text transformer over open_clip's own BPE vocabulary
# (the token table is most of the size), 64-d joint space. On the animatic's clips it learned
# about three times as much per step as a ViT of the same cost (4 blocks over 16x16 patches).
TINY_MODEL_CFG: dict[str, Any] = {
    "embed_dim": 64,
    "vision_cfg": {"image_size": 64, "layers": [1, 1, 1, 1], "width": 16, "head_width": 32},
    "text_cfg": {"context_length": 32, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 3},
}

SHIPPED = Path(__file__).with_name("weights") / "cameraclip-tiny.pt"


def default_checkpoint() -> Path | None:
    """The checkpoint that ships with storyreel, or None when none ships."""
    return SHIPPED if SHIPPED.is_file() else None


def load_scorer(checkpoint: str | None) -> CameraClip | None:
    """The CameraCLIP a renderer's CLIPLoRA search scores drafts with: the checkpoint at the path
    `checkpoint`, or with "default" the one storyreel ships (None when none ships); None for None.
    InputError (one line) when a checkpoint named by path is not there."""
    if checkpoint is None:
        return None
    path = default_checkpoint() if checkpoint == "default" else Path(checkpoint).expanduser()
    if path is None or not path.exists():
        if checkpoint != "default":
            raise InputError(f"CameraCLIP checkpoint {checkpoint!r} does not exist")
        return None
    return CameraClip.load(path)


def make_config(model_cfg: dict[str, Any], *, name: str, architecture: str) -> dict[str, Any]:
    """The JSON-able config a checkpoint carries: enough to rebuild the model offline."""
    return {
        "name": name,
        "architecture": architecture,
        "model_cfg": copy.deepcopy(model_cfg),
        "frames": FRAMES,
        "mean": list(MEAN),
        "std": list(STD),
    }


def input_size(config: dict[str, Any]) -> tuple[int, int]:
    """(width, height) of the image tower's input."""
    size = config["model_cfg"]["vision_cfg"].get("image_size", 224)
    height, width = (size, size) if isinstance(size, int) else size
    return int(width), int(height)


# -- frames ----------------------------------------------------------------------------------


def sample_indices(total: int, count: int = FRAMES) -> list[int]:
    """`count` frame indices spread uniformly from the first frame to the last (repeats when
    the clip is shorter than `count`)."""
    if total < 1:
        raise ValueError("a clip needs at least one frame")
    return [int(round(i)) for i in np.linspace(0, total - 1, count)]


def sample_frames(
    video: str | Path | Sequence[np.ndarray], count: int = FRAMES, total: int | None = None
) -> list[np.ndarray]:
    """The clip's `count` uniformly sampled RGB frames. A path is streamed, never held whole;
    `total` (its frame count, when known) saves counting the file first."""
    if isinstance(video, (str, Path)):
        return _sample_file(Path(video), count, total)
    if len(video) == 0:
        raise InputError("no frames to score: the clip is empty")
    return [np.asarray(video[i]) for i in sample_indices(len(video), count)]


def _sample_file(path: Path, count: int, total: int | None) -> list[np.ndarray]:
    if total is None:
        total = probe(path).frames  # InputError (one line) for a missing or unreadable file
    if total < 1:
        raise InputError(f"{path}: the video has no frames")
    wanted = sample_indices(total, count)
    kept: dict[int, np.ndarray] = {}
    last = None
    for index, frame in enumerate(read_frames(path)):
        if index in wanted:
            kept[index] = frame
        last = frame
        if index >= wanted[-1]:
            break  # closing the generator stops ffmpeg
    if last is None:
        raise InputError(f"{path}: no frame could be decoded")
    # A stream a little shorter than its count (a damaged tail) repeats its last frame.
    return [kept.get(i, last) for i in wanted]


def fit_frames(frames: Sequence[np.ndarray], size: tuple[int, int]) -> np.ndarray:
    """Frames resized, whole (not cropped), to `size` = (width, height): (n, h, w, 3) uint8."""
    out = np.empty((len(frames), size[1], size[0], 3), np.uint8)
    for i, frame in enumerate(frames):
        frame = np.asarray(frame)
        if frame.ndim == 2:
            frame = np.repeat(frame[:, :, None], 3, axis=2)
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
            raise InputError(f"frame {i}: expected RGB uint8 (h, w, 3), got {frame.shape} {frame.dtype}")
        interpolation = cv2.INTER_AREA if frame.shape[1] > size[0] else cv2.INTER_LINEAR
        out[i] = cv2.resize(frame, size, interpolation=interpolation)
    return out


def normalise(batch: torch.Tensor, config: dict[str, Any]) -> torch.Tensor:
    """uint8 (..., h, w, 3) -> float (..., 3, h, w) with the model's mean and std."""
    torch = require("torch", "CameraCLIP")
    x = batch.to(torch.float32).div_(255.0)
    mean = torch.tensor(config["mean"], dtype=torch.float32)
    std = torch.tensor(config["std"], dtype=torch.float32)
    return ((x - mean) / std).movedim(-1, -3).contiguous()


def video_embedding(model: Any, pixels: torch.Tensor) -> torch.Tensor:
    """(batch, frames, 3, h, w) normalised pixels -> (batch, dim) unit video embeddings: each
    frame's unit embedding, averaged over the frames, made unit again."""
    torch = require("torch", "CameraCLIP")
    batch, frames = pixels.shape[:2]
    per_frame = model.encode_image(pixels.reshape(batch * frames, *pixels.shape[2:]))
    per_frame = torch.nn.functional.normalize(per_frame, dim=-1).reshape(batch, frames, -1)
    return torch.nn.functional.normalize(per_frame.mean(dim=1), dim=-1)


# -- the model -------------------------------------------------------------------------------


def build_model(model_cfg: dict[str, Any]) -> Any:
    """An open_clip CLIP from its config dict (random weights; nothing is downloaded)."""
    require("torch", "CameraCLIP")
    open_clip = require("open_clip", "CameraCLIP")
    cfg = copy.deepcopy(model_cfg)
    if cfg.get("text_cfg", {}).get("hf_model_name") or cfg.get("text_cfg", {}).get("hf_tokenizer_name"):
        raise InputError(
            "this open_clip architecture uses a Hugging Face text tower or tokenizer; CameraCLIP "
            "supports open_clip's own text transformer and BPE tokenizer (offline)"
        )
    custom_text = cfg.pop("custom_text", False)
    for key in ("multimodal_cfg", "preprocess_cfg"):
        cfg.pop(key, None)
    cls = open_clip.model.CustomTextCLIP if custom_text else open_clip.model.CLIP
    try:
        return cls(**cfg)
    except (TypeError, ValueError, KeyError) as error:
        raise InputError(f"cannot build an open_clip model from this config: {error}") from None


def make_tokenizer(config: dict[str, Any]) -> Any:
    open_clip = require("open_clip", "CameraCLIP")
    length = config["model_cfg"]["text_cfg"].get("context_length", 77)
    return open_clip.tokenizer.SimpleTokenizer(context_length=length)


class CameraClip:
    """A CameraCLIP model: `score(video, camera)` -> cosine similarity in [-1, 1].

    Build one with `CameraClip.load(path)` (a saved checkpoint), `CameraClip.new()` (random
    tiny weights, to train) or `CameraClip.from_open_clip(arch, weights)` (local open_clip
    weights, to fine-tune).
    """

    def __init__(self, model: Any, config: dict[str, Any], sha8: str | None = None):
        self.model = model.eval()
        self.config = config
        self.tokenizer = make_tokenizer(config)
        self.size = input_size(config)
        self._sha8 = sha8

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        model_cfg: dict[str, Any] | None = None,
        *,
        seed: int = 0,
        name: str = "cameraclip-tiny",
        architecture: str = "tiny",
    ) -> CameraClip:
        """Random weights from `model_cfg` (default: the tiny config), seeded."""
        torch = require("torch", "CameraCLIP")
        torch.manual_seed(seed)
        model_cfg = TINY_MODEL_CFG if model_cfg is None else model_cfg
        config = make_config(model_cfg, name=name, architecture=architecture)
        return cls(build_model(model_cfg), config)

    @classmethod
    def from_open_clip(cls, architecture: str | Path, weights: str | Path) -> CameraClip:
        """Local open_clip weights of `architecture` (a built-in name such as "ViT-B-32", or a
        path to an open_clip model-config JSON): never downloaded."""
        open_clip = require("open_clip", "CameraCLIP")
        weights = Path(weights)
        if not weights.is_file():
            raise InputError(f"{weights}: no such weights file")
        model_cfg, name = architecture_config(architecture)
        model = build_model(model_cfg)
        try:
            open_clip.load_checkpoint(model, str(weights), weights_only=True)
        except UNREADABLE as error:  # one line for the user
            raise InputError(
                f"{weights}: cannot load as open_clip {name} weights: {_one_line(error)}"
            ) from None
        config = make_config(model_cfg, name=f"cameraclip-{name}", architecture=name)
        return cls(model, config)

    @classmethod
    def load(cls, path: str | Path) -> CameraClip:
        """A saved CameraCLIP checkpoint. InputError (one line, naming the file) when it is
        missing or is not one; MissingExtraError without torch and open_clip."""
        torch = require("torch", "CameraCLIP")
        require("open_clip", "CameraCLIP")
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no CameraCLIP checkpoint there")
        data = read_checkpoint(path)
        config = data["config"]
        try:
            model = build_model(config["model_cfg"])
            state = {
                k: v.to(torch.float32) if v.is_floating_point() else v for k, v in data["state_dict"].items()
            }
            model.load_state_dict(state, strict=True)
            input_size(config)
        except (InputError, RuntimeError, KeyError, TypeError, AttributeError) as error:
            raise InputError(f"{path}: not a usable CameraCLIP checkpoint ({_one_line(error)})") from None
        return cls(model, config, sha8=_sha8(path))

    def save(self, path: str | Path, training: dict[str, Any] | None = None) -> Path:
        """Write the checkpoint atomically. Weights are stored as float16, and the live model is
        rounded the same way, so it scores exactly as its reload will."""
        torch = require("torch", "CameraCLIP")
        path = Path(path)
        state = {
            k: v.detach().to(torch.float16) if v.is_floating_point() else v.detach()
            for k, v in self.model.state_dict().items()
        }
        with torch.no_grad():
            self.model.load_state_dict(
                {k: v.to(torch.float32) if v.is_floating_point() else v for k, v in state.items()}
            )
        payload = {"format": FORMAT, "config": self.config, "state_dict": state, "training": training or {}}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
            torch.save(payload, tmp)
            os.replace(tmp, path)
        except OSError as error:
            raise InputError(f"{path}: cannot write the checkpoint: {error.strerror or error}") from None
        self._sha8 = _sha8(path)
        return path

    # -- what others call ------------------------------------------------------------------

    @property
    def name(self) -> str:
        """ "cameraclip-tiny@1a2b3c4d": the config's name and the checkpoint file's hash."""
        return f"{self.config['name']}@{self._sha8 or 'unsaved'}"

    def score(self, video: str | Path | Sequence[np.ndarray], camera: CameraSpec) -> float:
        """Cosine similarity of the clip to `camera_caption(camera)`, in [-1, 1]."""
        return float(self.similarities(video, [camera_caption(camera)])[0])

    def similarities(self, video: str | Path | Sequence[np.ndarray], captions: Sequence[str]) -> np.ndarray:
        """Cosine similarity of one clip to each caption."""
        return self.texts_embedding(captions) @ self.video_embedding(video)

    def video_embedding(
        self, video: str | Path | Sequence[np.ndarray], total: int | None = None
    ) -> np.ndarray:
        """The unit video embedding (mean of the 8 sampled frames' unit embeddings)."""
        return self.videos_embedding([fit_frames(sample_frames(video, FRAMES, total), self.size)])[0]

    def videos_embedding(self, clips: Sequence[np.ndarray]) -> np.ndarray:
        """Unit embeddings of clips given as fitted frames, (frames, h, w, 3) uint8 each."""
        torch = require("torch", "CameraCLIP")
        with torch.inference_mode():
            pixels = normalise(torch.from_numpy(np.stack(clips)), self.config)
            return video_embedding(self.model, pixels).numpy()

    def texts_embedding(self, captions: Sequence[str]) -> np.ndarray:
        """Unit text embeddings, one row per caption."""
        torch = require("torch", "CameraCLIP")
        with torch.inference_mode():
            text = self.model.encode_text(self.tokenizer(list(captions)))
            return torch.nn.functional.normalize(text, dim=-1).numpy()


def read_checkpoint(path: Path) -> dict[str, Any]:
    """The checkpoint's payload, checked for shape; InputError (one line) otherwise."""
    torch = require("torch", "CameraCLIP")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except UNREADABLE as error:  # a truncated zip, a pickle, a text file: all mean "not ours"
        # torch's own message is a paragraph about weights_only: the error's kind says enough
        raise InputError(f"{path}: not a readable CameraCLIP checkpoint ({type(error).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a CameraCLIP checkpoint (no {FORMAT!r} format tag)")
    if not isinstance(data.get("config"), dict) or not isinstance(data.get("state_dict"), dict):
        raise InputError(f"{path}: not a usable CameraCLIP checkpoint (config or weights missing)")
    return data


def architecture_config(architecture: str | Path) -> tuple[dict[str, Any], str]:
    """An open_clip model config by built-in name or from a JSON file, and a short name."""
    import json

    open_clip = require("open_clip", "CameraCLIP")
    path = Path(architecture)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: not an open_clip model config: {_one_line(error)}") from None
        return data.get("model_cfg", data), path.stem
    config = open_clip.get_model_config(str(architecture))
    if config is None:
        raise InputError(
            f"unknown open_clip architecture {str(architecture)!r} (a built-in name such as "
            "ViT-B-32, or a model-config .json file)"
        )
    return config, str(architecture)


def _sha8(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:8]


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    first = text[0] if text else ""
    return f"{error.__class__.__name__}: {first[:160]}" if first else error.__class__.__name__
