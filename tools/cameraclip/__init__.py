"""CameraCLIP: scores a clip against the text of its planned camera language (Li et al. 2024).

    clip = CameraClip.load(default_checkpoint() or path)   # never downloads anything
    clip = load_scorer("default")                          # the same, or None when none ships
    clip.score("draft.mp4", shot.camera)                    # cosine similarity in [-1, 1]
    clip.name                                               # "cameraclip-tiny@1a2b3c4d"

    captions.py   camera language as text: the scored caption, class captions, training variants
    model.py      the open_clip model: 8 sampled frames -> mean embedding; load, save, score
    dataset.py    a set drawn by the animatic in Cinematic2K's layout, with a manifest
    train.py      contrastive fine-tuning (the last layers of pretrained weights, all of tiny ones)
    evaluate.py   video-to-text R@1 per family and combined

Imports without torch; calling into the model without the `ml` extra raises MissingExtraError.
"""

from storyreel.tools.cameraclip.captions import camera_caption, class_caption
from storyreel.tools.cameraclip.model import CameraClip, default_checkpoint, load_scorer

__all__ = ["CameraClip", "camera_caption", "class_caption", "default_checkpoint", "load_scorer"]
