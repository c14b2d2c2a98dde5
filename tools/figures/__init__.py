"""The figure detector: where each person's head is in a frame, which way it turns, and the
camera's angle, for the critic's composition checks (tools/composition.py).

    detector = FigureDetector.load(default_model() or path)   # never downloads anything
    found = detector.detect(frame)     # Found: heads (box, facing, score), angle, its confidence

    grid.py       the network's input and answer: letterboxing, CenterNet-style targets, decoding
    detector.py   the run-time detector: the ONNX model in OpenCV's dnn module (no torch)
    dataset.py    a set drawn by a renderer that knows what it drew (`Renderer.truth`)
    model.py      the network (torch) and its export to ONNX
    train.py      training on a set (torch, the `ml` extra)
    evaluate.py   recall, precision, head size, framing, facing and angle on a set

Why a network trained here and not a face detector that ships elsewhere: OpenCV's Haar cascades
(`cv2.data.haarcascades`) were the candidate for photographic drafts (the diffusers backend),
but OpenCV 5's wheels, which storyreel installs, ship neither the cascade files nor
`CascadeClassifier`, and its YuNet face detector needs a model file that is downloaded, never
shipped. Nor does a face detector read facing away from the camera, or the camera's angle; and
the animatic's faces are flat cartoon discs. Trained on the animatic's own renders against what
it knows it drew, the model is small enough to ship inside the package (weights/, under 1 MB) and
runs in the light install. On photographic drafts it is out of its domain: it was never shown
one, and its readings there are not measured.
"""

from storyreel.tools.figures.detector import FigureDetector, Found, default_model
from storyreel.tools.figures.grid import Head

__all__ = ["FigureDetector", "Found", "Head", "default_model"]
