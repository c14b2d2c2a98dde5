"""The media layer: pictures, videos and the camera, below both the renderers and the critic.

    video.py     streaming H.264 in and out through ffmpeg (VideoWriter, read_frames, probe)
    mp4.py       an MP4's H.264 parameter sets and frame count, read from its boxes
    film.py      a cut as a stream of frames: segments, dissolves, fades and slates
    images.py    image files: checked in one line, loaded, fitted to a size
    camera.py    the pinhole camera: a pose per frame of a planned shot, and the image motion
                 (homography) between two poses
    paint.py     colours, premultiplied alpha and text labels
    figure.py    a character sheet drawn as a flat figure card
    overlays.py  subtitles and captions burned into a shot's frames
    testing.py   synthetic footage with known camera moves, for tests and benchmarks

Why a layer of its own: the renderers (render/) and the critic's checks (tools/) need the same
pieces (decode a clip, the motion a planned camera makes, a character's look), and before this
package each reached into the other for them, so the animatic could not change without moving
the critic's measurements. Here nothing imports a renderer, an agent or a tool: only
`storyreel.models`, `storyreel.errors` and libraries (numpy, OpenCV, Pillow, imageio-ffmpeg),
so either side can be read, replaced or tested alone.
"""
