"""What agents call: the screenplay readers (`screenplay/`), the critic's measures (`probe`,
`camera_check`, `adherence`, `consistency`, `cameraclip/`, combined by `scoring`) and the
exports (`editorial` for the shot list, `exports/` for subtitles, the timeline, the storyboard,
the manifest and moviepy). Pixels and camera geometry come from `storyreel.media`; nothing here
imports a renderer."""
