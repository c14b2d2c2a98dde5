"""Coverage, in parts: `boarder` (the entry point, `board_scene`), `cast` (who is in a scene and
where they stand), `drafts` (the board being drawn), `action` and `dialogue` (the shots of each
kind of element), `reading` (durations and weights read off the script), `bodies` (what the
action says bodies do), `sets` (the scene's props and where they stand), `staging` (each shot's
placements: eyelines, facing, poses, motion), `checks` (`coverage_problems`)."""
