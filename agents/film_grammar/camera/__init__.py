"""The rules brain's cinematographer, in parts: `design` (the entry point, `design_camera`, and
the choice of angle and lens), `motives` (why the camera moves, a table), `moves` (the rules a
compound move keeps), `revisions` (the critic's requests), `prompts` (image and video prompts)."""
