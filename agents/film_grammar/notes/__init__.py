"""The rules brain's director, in parts: `reader` (the entry point, `read_note`, and the order
in which clause readers are tried), `clause` (splitting and small readers), `film` (the film as
the reader sees it, `shots_label`), `references` (which shots a clause means), and one module
per kind of change: `transitions`, `structure`, `looks`, `timing`, `camera`."""
