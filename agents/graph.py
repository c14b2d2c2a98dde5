"""The director graph: wiring only. Each node lives in its agent's module.

    START -> writer -> storyboard -> cinematographer -> dispatch -> [keyframes -> draft -> critic]
                                          ^                          per shot        -> review
                                          +------ failed shots, bounded rounds ---------+
                                                      review -> [refine] per shot -> editor
    START -> director (a note in `messages`) -> [keyframes ...] changed shots only -> ... editor
                                             -> editor (only the cut changed) | END (a question)

`builder` is the uncompiled graph; `graph` is what `langgraph dev` loads (langgraph.json), and
`compile_graph(checkpointer)` is what the API and CLI run with the project's SQLite checkpointer.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from storyreel.agents.cinematographer import cinematographer
from storyreel.agents.context import Context
from storyreel.agents.critic import critic, review
from storyreel.agents.director import director, entry, keep_direction
from storyreel.agents.editor import editor
from storyreel.agents.rendering import dispatch, draft, keyframes, ready, refine
from storyreel.agents.state import InputState, State
from storyreel.agents.storyboard import storyboard
from storyreel.agents.writer import writer

builder = StateGraph(State, context_schema=Context, input_schema=InputState)
builder.add_node("writer", writer)
builder.add_node("storyboard", storyboard)
builder.add_node("cinematographer", keep_direction(cinematographer))
builder.add_node("dispatch", ready)
builder.add_node("keyframes", keyframes)
builder.add_node("draft", draft)
builder.add_node("critic", critic)
builder.add_node("review", review)
builder.add_node("refine", refine)
builder.add_node("editor", editor)
builder.add_node("director", director)

builder.add_conditional_edges(START, entry, ["writer", "director"])
builder.add_edge("writer", "storyboard")
builder.add_edge("storyboard", "cinematographer")
builder.add_edge("cinematographer", "dispatch")
builder.add_conditional_edges("dispatch", dispatch, ["keyframes", "editor"])
builder.add_edge("critic", "review")
builder.add_edge("refine", "editor")
builder.add_edge("editor", END)


def compile_graph(checkpointer=None):  # noqa: ANN001 - any LangGraph checkpointer
    return builder.compile(checkpointer=checkpointer, name="storyreel")


graph = compile_graph()
