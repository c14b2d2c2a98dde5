"""Editorial exports of a finished cut: subtitles, OpenTimelineIO, the storyboard sheet, the manifest."""
