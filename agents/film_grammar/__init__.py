"""Film grammar: the `rules` brain's knowledge, as pure functions over the domain model.

    lexicon/      every word the grammar reads, once (action, objects, camera, notes, script)
    bible.py      characters, locations and style read off the screenplay    (writer)
    prose.py      prose laid out as an action-only script                     (writer)
    coverage/     a scene broken into staged storyboard shots, and its set    (storyboard)
    transitions.py  script transitions as plan transitions                    (storyboard, editor)
    camera/       camera language for each shot (design_camera)               (cinematographer)
    notes/        a directing note read into typed edits (read_note)          (director)

Readers hold the rules (often as tables of rows); the lexicon holds the words they read.
"""
