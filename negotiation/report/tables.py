"""One small table type, rendered as aligned plain text or as a Markdown pipe table.

A :class:`Table` holds cells that are already text (the renderers format numbers with
:func:`negotiation.report.numbers.display` first), one alignment per column, and an optional
title and footnotes.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Table", "heading", "md_escape", "md_paragraph", "paragraph"]

#: Width to which notes under a table are wrapped in text output (or the table's width if wider).
NOTE_WIDTH = 96


@dataclass(frozen=True)
class Table:
    """A titled table of text cells.

    Attributes
    ----------
    headers:
        Column headers.
    rows:
        Rows of cells (each as many cells as there are headers).
    align:
        ``"l"`` or ``"r"`` per column (default: first column left, the others right).
    title:
        Shown above the table (may be empty).
    notes:
        Footnotes shown below the table.
    max_width:
        Cells longer than this are wrapped over several lines in text output.

    Examples
    --------
    >>> t = Table(["player", "payoff"], [["Lab", "1.25"], ["Owner", "1/3"]])
    >>> print(t.to_text())
    player  payoff
    ------  ------
    Lab       1.25
    Owner      1/3
    >>> print(t.to_markdown())
    | player | payoff |
    |:-------|-------:|
    | Lab    |   1.25 |
    | Owner  |    1/3 |
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: Sequence[str] | None = None
    title: str = ""
    notes: Sequence[str] = field(default_factory=tuple)
    max_width: int = 48

    def __post_init__(self) -> None:
        n = len(self.headers)
        for k, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(f"table {self.title!r}: row {k} has {len(row)} cells for {n} columns")
        if self.align is not None and (len(self.align) != n or any(a not in "lr" for a in self.align)):
            raise ValueError(f"table {self.title!r}: align must give 'l' or 'r' for each of {n} columns")

    @property
    def alignment(self) -> tuple[str, ...]:
        if self.align is not None:
            return tuple(self.align)
        return tuple("l" if k == 0 else "r" for k in range(len(self.headers)))

    # ------------------------------------------------------------------ plain text
    def to_text(self, indent: str = "") -> str:
        """Columns separated by two spaces, a dashed rule under the headers."""
        wrapped = [self._wrap_row(list(self.headers))] + [self._wrap_row(list(r)) for r in self.rows]
        widths = [
            max((len(line) for row in wrapped for line in row[k]), default=0) for k in range(len(self.headers))
        ]
        out: list[str] = []
        if self.title:
            out.append(indent + self.title)
        for r, row in enumerate(wrapped):
            height = max((len(c) for c in row), default=1)
            for h in range(height):
                cells = [
                    _pad(row[k][h] if h < len(row[k]) else "", widths[k], self.alignment[k])
                    for k in range(len(row))
                ]
                out.append((indent + "  ".join(cells)).rstrip())
            if r == 0:
                out.append(indent + "  ".join("-" * w for w in widths))
        width = max(NOTE_WIDTH, sum(widths) + 2 * (len(widths) - 1))
        for note in self.notes:
            lines = textwrap.wrap(note, width - 2, break_long_words=False, break_on_hyphens=False) or [""]
            out.append(indent + lines[0])
            out += [indent + "  " + line for line in lines[1:]]
        return "\n".join(out)

    def _wrap_row(self, row: list[str]) -> list[list[str]]:
        cells = []
        for cell in row:
            text = str(cell)
            if len(text) > self.max_width:
                lines = textwrap.wrap(text, self.max_width, break_long_words=False, break_on_hyphens=False)
                cells.append(lines or [""])
            else:
                cells.append(text.split("\n") if "\n" in text else [text])
        return cells

    # ------------------------------------------------------------------ markdown
    def to_markdown(self) -> str:
        """A GitHub-flavoured pipe table (title in bold above, notes in italics below)."""
        cells = [[_md_escape(h) for h in self.headers]] + [[_md_escape(c) for c in r] for r in self.rows]
        widths = [max(3, *(len(row[k]) for row in cells)) for k in range(len(self.headers))]
        out: list[str] = []
        if self.title:
            out += [f"**{_md_escape(self.title)}**", ""]
        out.append("| " + " | ".join(_pad(c, widths[k], "l") for k, c in enumerate(cells[0])) + " |")
        out.append("|" + "|".join(_rule(w, a) for w, a in zip(widths, self.alignment, strict=True)) + "|")
        for row in cells[1:]:
            out.append("| " + " | ".join(_pad(c, widths[k], self.alignment[k]) for k, c in enumerate(row)) + " |")
        if self.notes:
            out.append("")
            for k, note in enumerate(self.notes):
                if k:
                    out.append("")  # separate paragraphs, not one run-on line
                out.append(f"*{_md_escape(note)}*" if note.strip() else "")
        return "\n".join(out)


def _rule(width: int, align: str) -> str:
    # width + 2 for the spaces around each cell
    if align == "l":
        return ":" + "-" * (width + 1)
    return "-" * (width + 1) + ":"


def _pad(text: str, width: int, align: str) -> str:
    return text.ljust(width) if align == "l" else text.rjust(width)


#: Characters with a meaning in (GitHub-flavoured) Markdown inline text, escaped with a backslash:
#: emphasis, code, links, raw HTML, tables, strikethrough, math and character references.
MD_SPECIAL = frozenset("\\`*_[]<>|~$&")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline text: every special character backslash-escaped and line
    breaks turned into spaces (CommonMark lets any ASCII punctuation be escaped so).

    Examples
    --------
    >>> md_escape("Pipes | and *stars* _under_ <b>bold</b>")
    'Pipes \\\\| and \\\\*stars\\\\* \\\\_under\\\\_ \\\\<b\\\\>bold\\\\</b\\\\>'
    """
    return "".join("\\" + ch if ch in MD_SPECIAL else (" " if ch in "\r\n" else ch) for ch in str(text))


_BLOCK_START = re.compile(r"(\s*)(#|>|[-+=]+(?=\s|$)|\d+(?=[.)]))")


def md_paragraph(text: str) -> str:
    """:func:`md_escape` for a whole paragraph: also a leading ``#``, ``>``, list or rule marker is
    escaped, so the text stays one paragraph.

    Examples
    --------
    >>> md_paragraph("# not a heading"), md_paragraph("1. not a list")
    ('\\\\# not a heading', '1\\\\. not a list')
    """
    out = md_escape(text)
    m = _BLOCK_START.match(out)
    if m:
        start, marker = m.end(1), m.group(2)
        if marker[0].isdigit():
            end = m.end(2)
            out = out[:end] + "\\" + out[end:]
        else:
            out = out[:start] + "\\" + out[start:]
    return out


def _md_escape(text: str) -> str:
    return md_escape(text)


def heading(text: str, level: int, fmt: str) -> str:
    """A section heading: underlined in text, ``#``-prefixed in Markdown.

    Examples
    --------
    >>> print(heading("Equilibria", 2, "text"))
    Equilibria
    ----------
    >>> heading("Equilibria", 2, "markdown")
    '## Equilibria'
    """
    if fmt == "markdown":
        return "#" * level + " " + md_escape(text)
    rule = "=" if level <= 1 else "-"
    return f"{text}\n{rule * len(text)}"


def paragraph(text: str, fmt: str, width: int = 96) -> str:
    """Text wrapped to ``width`` columns (plain text) or left as one Markdown paragraph."""
    text = " ".join(str(text).split())
    if fmt == "markdown":
        return text
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
