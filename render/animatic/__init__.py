"""The animatic renderer: a virtual camera over a 2.5D staged scene, on the CPU, with no weights.

stage.py     the set of a shot: ground, set pieces and figures, textured planes at depths
pieces.py    the kinds of set piece: a painter and a size range each
raster.py    drawing a stage through a pose: warps and composites, no pixel loops
external.py  user-given keyframe images, interpolated along the camera path
refine.py    keyframe-anchored super-resolution of the draft
pipeline.py  AnimaticRenderer: the three stages, in numbered steps

The camera (its pose per frame), the figure cards, the overlays and the encoder come from the
media layer (storyreel/media/), which the critic measures with too.
"""

from storyreel.render.animatic.pipeline import AnimaticRenderer

__all__ = ["AnimaticRenderer"]
