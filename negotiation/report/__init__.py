"""Reports of an analysis: plain-text and Markdown tables, stable JSON, and files on disk.

:func:`render` turns an :class:`~negotiation.analysis.Analysis` into text, Markdown or JSON;
:func:`write_outputs` writes results JSON, reports and figures into a directory atomically.
Matplotlib is imported only when figures are drawn.
"""

from .numbers import display, jsonable
from .render import FORMATS, render, render_json, render_markdown, render_text, to_json
from .tables import Table

__all__ = [
    "FORMATS",
    "Table",
    "display",
    "jsonable",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "to_json",
    "write_outputs",
]


def __getattr__(name: str) -> object:
    if name == "write_outputs":
        from .output import write_outputs

        return write_outputs
    raise AttributeError(f"module 'negotiation.report' has no attribute {name!r}")
