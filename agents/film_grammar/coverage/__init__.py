"""Coverage, in parts: `boarder` (the entry point, `board_scene`), `cast` (who is in a scene and
where they stand), `drafts` (the board being drawn), `action` and `dialogue` (the shots of each
kind of element), `reading` (durations and weights read off the script), `checks`
(`coverage_problems`)."""
