"""The animatic renderer: a virtual camera over a 2.5D staged scene, on the CPU, with no weights.

blocking.py  the shot blocked from the plan: marks, eyelines, poses, motion, the over-the-
             shoulder foreground, seats; the scene's set mapped under the camera (world.py
             holds the records, framing.py the framing rules that hold at every angle)
stage.py     the set of a shot: ground, set pieces, props and figures, textured planes at
             depths; figures that move are actors whose cards change per frame
scenery.py   a location's world-fixed set: pieces, back wall, ground, laid out once per place
pieces.py    the kinds of set piece: a painter and a size range each
props.py     the props' labelled stand-ins, one drawing per shape
truth.py     what a frame shows (heads, bodies, facing), from the blocking alone
raster.py    drawing a stage through a pose: warps and composites, no pixel loops
external.py  user-given keyframe images, interpolated along the camera path
refine.py    keyframe-anchored super-resolution of the draft
pipeline.py  AnimaticRenderer: the three stages, in numbered steps

The camera (its pose per frame), the figure cards (a puppet turned and posed), the overlays and
the encoder come from the media layer (storyreel/media/), which the critic measures with too.
"""

from storyreel.render.animatic.pipeline import AnimaticRenderer

__all__ = ["AnimaticRenderer"]
