"""The animatic renderer: a virtual camera over a 2.5D staged scene, on the CPU, with no weights.

camera.py    the pinhole camera: a pose per frame from framing, angle, moves and pacing
stage.py     the set of a shot: ground, set pieces and figures, textured planes at depths
raster.py    drawing a stage through a pose: warps and composites, no pixel loops
external.py  user-given keyframe images, interpolated along the camera path
refine.py    keyframe-anchored super-resolution of the draft, and its PSNR report
overlays.py  subtitles and captions burned into the shot
pipeline.py  AnimaticRenderer: the three stages, in numbered steps
"""

from storyreel.render.animatic.pipeline import AnimaticRenderer

__all__ = ["AnimaticRenderer"]
