"""Render an :class:`~negotiation.analysis.Analysis` as plain text, Markdown or JSON.

The text and Markdown reports share one structure, built from :class:`~negotiation.report.tables.Table`
objects: the scenario and its parameters, the payoff table (pure equilibria marked), iterated
dominance, the equilibria (supports, payoffs, regret, status, degeneracy), the bargaining outcomes,
the power report, notes, and a provenance line. JSON is :meth:`Analysis.to_dict` with fixed
formatting, so two runs give byte-identical files.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..solvers.result import Equilibrium, EquilibriumResult, Status
from .numbers import display, display_amount, display_decimal, display_share
from .tables import Table, heading, paragraph

__all__ = ["FORMATS", "render", "render_text", "render_markdown", "render_json", "to_json"]

#: Output formats of :func:`render`.
FORMATS = ("text", "markdown", "json")
#: Largest two-player payoff table shown cell by cell (rows, columns).
MAX_TABLE_SHAPE = (30, 12)
#: Most profiles listed for a game with more than two players.
MAX_PROFILE_ROWS = 64
#: Most equilibria listed in a table.
MAX_EQUILIBRIA_ROWS = 100

STATUS_TEXT = {
    Status.COMPLETE: "complete: every equilibrium is listed",
    Status.PARTIAL: "partial: the listed equilibria are certified, others may exist",
    Status.LIMIT_REACHED: "limit reached: the solver stopped early; what is listed is certified",
}
CONCEPT_TITLES = {
    "nash": "Nash (1950)",
    "kalai_smorodinsky": "Kalai–Smorodinsky (1975)",
    "egalitarian": "Egalitarian (Kalai 1977)",
    "utilitarian": "Utilitarian",
    "nash_threat": "Nash threats (1953)",
    "rubinstein": "Rubinstein (1982)",
}
METHOD_TITLES = {
    "pure": "a search of all pure profiles",
    "support_enumeration": "support enumeration",
    "vertex_enumeration": "vertex enumeration",
    "lemke_howson": "Lemke–Howson",
    "lemke_howson_all": "Lemke–Howson from every label",
    "zero_sum_lp": "linear programming (zero-sum)",
}
SHARE_BASIS = {
    "payoff": "the side's payoff as a share of both payoffs, u_i / (u_0 + u_1)",
    "gain": "the side's gain over the disagreement point as a share of both gains",
}


def render(analysis: Any, fmt: str = "text") -> str:
    """The report of ``analysis`` in ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> from negotiation.analysis import analyze
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma")
    >>> text = render(analyze(pd), "text")
    >>> print(text[text.index("Payoff table"):text.index("Dominated")].strip())
    Payoff table
    ------------
    <BLANKLINE>
    Row \\ Column       C       D
    ------------  ------  ------
    C             3, 3    0, 5
    D             5, 0    1, 1 *
    Each cell: Row's payoff, Column's payoff. * marks a pure-strategy Nash equilibrium.
    """
    if fmt == "text":
        return render_text(analysis)
    if fmt == "markdown":
        return render_markdown(analysis)
    if fmt == "json":
        return render_json(analysis)
    raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")


def to_json(data: Any) -> str:
    """Stable JSON text: two-space indent, UTF-8 characters kept, no NaN, trailing newline.

    Examples
    --------
    >>> to_json({"b": "1/3", "a": [1, 2]})
    '{\\n  "b": "1/3",\\n  "a": [\\n    1,\\n    2\\n  ]\\n}\\n'
    """
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_json(analysis: Any) -> str:
    """:meth:`Analysis.to_dict` as stable JSON text."""
    return to_json(analysis.to_dict())


def render_text(analysis: Any) -> str:
    """A plain-text report for a terminal (96 columns)."""
    return _Report(analysis, "text").build()


def render_markdown(analysis: Any) -> str:
    """A Markdown report (pipe tables) for notebooks, issues and papers."""
    return _Report(analysis, "markdown").build()


# ---------------------------------------------------------------------- building blocks
def strategy_text(eq: Equilibrium, player: int) -> str:
    """``"Accept"`` for a pure strategy, ``"Accept 1/3, Switch 2/3"`` for a mixed one (support only)."""
    labels = eq.actions[player]
    probs = eq.strategies[player]
    support = [(lab, p) for lab, p in zip(labels, probs, strict=True) if p > 0]
    if len(support) == 1:
        return support[0][0]
    return ", ".join(f"{lab} {display(p)}" for lab, p in support)


def _profile_cells(result: EquilibriumResult) -> set[tuple[int, ...]]:
    cells = set()
    for e in result.pure:
        cells.add(tuple(int(next(k for k, p in enumerate(s) if p > 0)) for s in e.strategies))
    return cells


class _Report:
    """Builds the sections of one report in one format."""

    def __init__(self, analysis: Any, fmt: str) -> None:
        self.a = analysis
        self.fmt = fmt
        self.parts: list[str] = []

    # -------------------------------------------------------------- output helpers
    def h(self, text: str, level: int = 2) -> None:
        self.parts.append(heading(text, level, self.fmt))

    def p(self, text: str, *, lead: str = "") -> None:
        """A paragraph; ``lead`` is a label shown bold in Markdown (``"Assumptions"``)."""
        if not (text and text.strip()):
            return
        if self.fmt == "markdown":
            body = _md_text(text)
            self.parts.append(paragraph(f"**{lead}.** {body}" if lead else body, "markdown"))
        else:
            self.parts.append(paragraph(f"{lead}: {text}" if lead else text, "text"))

    def strong(self, text: str) -> None:
        """A one-line statement, bold in Markdown."""
        self.parts.append(f"**{_md_text(text)}**" if self.fmt == "markdown" else paragraph(text, "text"))

    def t(self, table: Table) -> None:
        self.parts.append(table.to_markdown() if self.fmt == "markdown" else table.to_text())

    def pre(self, text: str) -> None:
        """Preformatted text (a fenced block in Markdown)."""
        self.parts.append(f"```\n{text.rstrip()}\n```" if self.fmt == "markdown" else text.rstrip())

    def bullets(self, items: Sequence[str]) -> None:
        if items:
            if self.fmt == "markdown":
                items = [_md_text(x) for x in items]
            self.parts.append("\n".join(f"- {paragraph(x, self.fmt).replace(chr(10), chr(10) + '  ')}" for x in items))

    def build(self) -> str:
        a = self.a
        sections: list[Callable[[], None]] = [
            self.header,
            self.summary,
            self.parameters,
            self.payoffs,
            self.dominance,
            self.equilibria,
            self.bargaining,
            self.power,
            self.notes,
            self.provenance,
        ]
        del a
        for section in sections:
            section()
        return "\n\n".join(part for part in self.parts if part) + "\n"

    # -------------------------------------------------------------- sections
    def header(self) -> None:
        a = self.a
        s = a.scenario
        self.h(a.title, 1)
        if s is not None:
            ident = f"Scenario: {s.name}"
            if s.file:
                ident += f" ({s.file}, sha256 {s.sha256[:12]}…)" if s.sha256 else f" ({s.file})"
            self.p(ident)
            self.p(s.description)
            if s.assumptions:
                self.p(s.assumptions, lead="Assumptions")
        g = a.game
        roles = dict(s.roles) if s is not None else {}
        players = []
        for name, acts in zip(g.players, g.actions, strict=True):
            role = roles.get(name, "").replace("_", " ")
            players.append(f"{name} ({role + ', ' if role else ''}{len(acts)} actions)")
        shape = " x ".join(str(k) for k in g.shape)
        self.p(f"Game: {', '.join(players)}; {shape} = {_count(g.shape)} profiles; payoffs in {g.arithmetic} "
               "arithmetic.")
        if s is not None and s.negotiation:
            self.p(s.negotiation, lead="Negotiation")

    def summary(self) -> None:
        """Key findings first: equilibria, dominance, the Nash bargaining outcome, the verdict."""
        a = self.a
        g = a.game
        res = a.equilibria
        items = []
        pure = [e for e in res.equilibria if e.is_pure]
        count = f"{len(res)} Nash {'equilibrium' if len(res) == 1 else 'equilibria'}"
        kind = {Status.COMPLETE: "the complete set", Status.PARTIAL: "not proven complete"}.get(
            res.status, str(res.status.value).replace("_", " ")
        )
        line = f"{count} ({kind}; {len(pure)} pure"
        comps = [c for c in res.components if not c.is_singleton]
        if comps:
            line += f"; {len(comps)} {'continua' if len(comps) > 1 else 'continuum'} of equilibria"
        line += ")"
        if pure:
            shown = ", ".join("(" + ", ".join(strategy_text(e, i) for i in range(g.n_players)) + ")" for e in pure[:4])
            line += f"; pure: {shown}" + (" …" if len(pure) > 4 else "")
        items.append(line + ".")
        steps = getattr(a.dominance, "steps", ())  # () when dominance was skipped (None)
        if steps:
            gone: dict[str, list[str]] = {}
            for step in steps:
                player, action, _ = _step_fields(step)
                gone.setdefault(str(player), []).append(str(action))
            parts = [f"{player} never plays {_and(actions)}" for player, actions in gone.items()]
            items.append("Strictly dominated: " + "; ".join(parts) + ".")
        power = a.power
        if power is not None and hasattr(power, "sides"):
            s0, s1 = power.sides
            if "nash" in s0.payoffs:
                items.append(
                    f"Nash bargaining: {power.players[0]} gets {display_amount(s0.payoffs['nash'])}, "
                    f"{power.players[1]} gets {display_amount(s1.payoffs['nash'])}."
                )
            items.append(power.verdict.rstrip(".") + ".")
        elif a.bargaining.get("nash") is not None:
            sol = a.bargaining["nash"]
            players = _problem_players(a.problem, g)
            pay = _solution_payoffs(sol)
            items.append(
                f"Nash bargaining: {players[0]} gets {display_amount(pay[0])}, "
                f"{players[1]} gets {display_amount(pay[1])}."
            )
        self.h("In brief")
        self.bullets(items)

    def parameters(self) -> None:
        params = self.a.parameters
        if not params:
            return
        self.h("Parameters")
        sources = list(self.a.scenario.sources) if self.a.scenario is not None else []
        number = {str(src.get("id")): k for k, src in enumerate(sources, 1) if src.get("id")}
        rows = []
        any_override = False
        for prm in params:
            mark = ""
            if prm.overridden:
                mark = " *"
                any_override = True
            lo, hi = prm.low, prm.high
            rng = f"[{display(lo)}, {display(hi)}]" if lo is not None or hi is not None else ""
            meaning = prm.description
            if prm.source and str(prm.source) in number:
                meaning += f" [{number[str(prm.source)]}]"
            rows.append([prm.name, display(prm.value) + mark, prm.unit, rng, meaning])
        notes = []
        if any_override:
            defaults = ", ".join(f"{p.name} = {display(p.default)}" for p in params if p.overridden)
            notes.append(f"* set for this run (defaults: {defaults})")
        self.t(
            Table(
                ["parameter", "value", "unit", "range", "meaning [source]"],
                rows,
                align="lrlll",
                notes=notes,
                max_width=56,
            )
        )
        if sources:
            lines = []
            for k, src in enumerate(sources, 1):
                text = f"[{k}] {src.get('citation', '')}"
                if src.get("url"):
                    text += f" {src['url']}"
                if src.get("supports"):
                    text += f" Supports: {src['supports']}."
                lines.append(text)
            self.p("Sources:" if self.fmt == "text" else "**Sources.**")
            self.bullets(lines)

    def payoffs(self) -> None:
        g = self.a.game
        self.h("Payoff table")
        marked = _profile_cells(self.a.equilibria)
        if g.n_players == 2:
            m, n = g.shape
            if m > MAX_TABLE_SHAPE[0] or n > MAX_TABLE_SHAPE[1]:
                self.p(f"The {m} x {n} table is too large to show here; the JSON output has every payoff.")
                return
            row, col = g.players
            headers = [f"{row} \\ {col}"] + list(g.actions[1])
            rows = []
            for r in range(m):
                cells = [g.actions[0][r]]
                for c in range(n):
                    text = f"{display_amount(g.payoffs[0, r, c])}, {display_amount(g.payoffs[1, r, c])}"
                    cells.append(text + (" *" if (r, c) in marked else "  "))
                rows.append(cells)
            note = f"Each cell: {row}'s payoff, {col}'s payoff."
            if marked:
                note += " * marks a pure-strategy Nash equilibrium."
            self.t(Table(headers, rows, notes=[note]))
            return
        total = _count(g.shape)
        headers = [*g.players, *(f"payoff {name}" for name in g.players), "NE"]
        rows = []
        for idx in itertools.islice(itertools.product(*(range(k) for k in g.shape)), MAX_PROFILE_ROWS):
            rows.append(
                [g.actions[i][a] for i, a in enumerate(idx)]
                + [display_amount(g.payoffs[(i, *idx)]) for i in range(g.n_players)]
                + ["*" if idx in marked else ""]
            )
        notes = ["* marks a pure-strategy Nash equilibrium."]
        if total > MAX_PROFILE_ROWS:
            notes.append(f"First {MAX_PROFILE_ROWS} of {total} profiles; the JSON output has every payoff.")
        self.t(Table(headers, rows, align="l" * g.n_players + "r" * (g.n_players + 1), notes=notes))

    def dominance(self) -> None:
        dom = self.a.dominance
        if dom is None:
            return
        mode = getattr(dom, "by", None) or self.a.options.get("dominance", "mixed")
        self.h("Dominated strategies")
        steps = list(getattr(dom, "steps", ()) or ())
        if not steps:
            self.p(f"No action is strictly dominated (checked against {mode} strategies).")
            return
        rows = []
        for k, step in enumerate(steps, 1):
            player, action, by = _step_fields(step)
            rows.append([str(getattr(step, "round", k)), str(player), str(action), _dominator_text(by)])
        names = self.a.game.players
        surviving = _surviving_lists(getattr(dom, "surviving", None) or (), names)
        notes = []
        if surviving:
            kept = "; ".join(f"{names[i]}: {', '.join(acts)}" for i, acts in enumerate(surviving))
            notes.append(f"Surviving: {kept}.")
            if all(len(acts) == 1 for acts in surviving):
                notes.append("The game is dominance solvable: the surviving profile is its unique Nash equilibrium.")
        self.p(f"Iterated elimination of strictly dominated actions (dominators: {mode} strategies).")
        self.t(Table(["round", "player", "eliminated", "dominated by"], rows, align="rlll", notes=notes))

    def equilibria(self) -> None:
        res: EquilibriumResult = self.a.equilibria
        g = self.a.game
        self.h("Nash equilibria")
        count = len(res)
        word = "equilibrium" if count == 1 else "equilibria"
        method = METHOD_TITLES.get(res.method, res.method.replace("_", " "))
        summary = f"{count} {word} by {method} ({res.arithmetic} arithmetic); "
        summary += STATUS_TEXT.get(res.status, str(res.status)) + "."
        if res.degenerate is True:
            summary += " The game is degenerate: equilibria may form continua (components below)."
        elif res.degenerate is False:
            summary += " No degeneracy was found: every equilibrium is isolated."
        elif res.method == "vertex_enumeration" and res.is_complete:
            summary += (" No degeneracy touches an equilibrium: every equilibrium is isolated (the rest of the game"
                        " was not checked).")
        self.p(summary)
        if not count:
            return
        headers = ["#", "kind"] + [f"{name} plays" for name in g.players]
        headers += [f"{name} gets" for name in g.players] + ["regret"]
        rows = []
        for k, e in enumerate(res.equilibria[:MAX_EQUILIBRIA_ROWS], 1):
            rows.append(
                [str(k), "pure" if e.is_pure else "mixed"]
                + [strategy_text(e, i) for i in range(g.n_players)]
                + [display_amount(v) for v in e.payoffs]
                + [display(e.regret, 2)]
            )
        notes = []
        if count > MAX_EQUILIBRIA_ROWS:
            notes.append(f"First {MAX_EQUILIBRIA_ROWS} of {count}; the JSON output lists all.")
        if res.arithmetic == "exact":
            notes.append("Regret is each profile's largest gain from a unilateral deviation, computed exactly.")
        else:
            notes.append("Regret is each profile's largest gain from a unilateral deviation (float arithmetic).")
        align = "rl" + "l" * g.n_players + "r" * (g.n_players + 1)
        self.t(Table(headers, rows, align=align, notes=notes, max_width=40))
        comps = [c for c in res.components if not c.is_singleton]
        if comps:
            lines = [
                _component_text(k, c, res.equilibria, g.players)
                for k, c in enumerate(comps, 1)
            ]
            self.bullets(lines)
        res_notes = [n for n in res.notes if n]
        if res_notes:
            self.bullets([f"Solver note: {n}" for n in res_notes])

    def bargaining(self) -> None:
        a = self.a
        if a.problem is None:
            return
        self.h("Bargaining outcomes")
        problem = a.problem
        players = _problem_players(problem, a.game)
        power = a.power
        d = power.status_quo if power is not None else getattr(problem, "disagreement", None)
        if d is not None:
            dtext = " and ".join(f"{name} {display_amount(v)}" for name, v in zip(players, d, strict=True))
            self.p(
                f"{players[0]} and {players[1]} bargain over the deal. If talks break down, {dtext} "
                "(the disagreement point, outside options included)."
            )
        if power is not None:
            self._concept_table_from_power(power)
            return
        if not a.bargaining:
            return
        headers = ["solution", *(f"{n} gets" for n in players), *(f"{n}'s share of gains" for n in players)]
        rows = []
        for concept, sol in a.bargaining.items():
            rows.append(
                [CONCEPT_TITLES.get(concept, concept)]
                + [display_amount(v) for v in _solution_payoffs(sol)]
                + [display_share(x) for x in _solution_shares(sol)]
            )
        note = "Share of gains: the player's gain over the disagreement point as a share of both gains."
        self.t(Table(headers, rows, notes=[note]))

    def _concept_table_from_power(self, power: Any) -> None:
        s0, s1 = power.sides
        p0, p1 = power.players
        basis = SHARE_BASIS.get(power.share_basis, power.share_basis)
        headers = ["solution", f"{p0} gets", f"{p1} gets", f"{p0}'s share", f"{p1}'s share"]
        rows = []
        for c in power.concepts:
            rows.append(
                [
                    CONCEPT_TITLES.get(c, c),
                    display_amount(s0.payoffs.get(c)),
                    display_amount(s1.payoffs.get(c)),
                    display_share(s0.shares.get(c)),
                    display_share(s1.shares.get(c)),
                ]
            )
        rows.append(["spread across concepts", "", "", _share_range(s0.spread), _share_range(s1.spread)])
        notes = [f"Share: {basis}."]
        if power.rubinstein is not None and getattr(power.rubinstein, "formula", None):
            notes.append(f"Rubinstein (1982) alternating offers: {power.rubinstein.formula}.")
        self.t(Table(headers, rows, notes=notes))

    def power(self) -> None:
        power = self.a.power
        if power is None:
            return
        self.h("Power report: who holds the table")
        verdict = getattr(power, "verdict", "")
        if not hasattr(power, "sides"):  # an object without the report's structure: show its text
            self.pre(power.to_text() if callable(getattr(power, "to_text", None)) else str(power))
            return
        self.strong(f"Verdict: {verdict}")
        s0, s1 = power.sides
        p0, p1 = power.players
        rows = [
            ["disagreement payoff (status quo)", display_amount(s0.disagreement), display_amount(s1.disagreement)],
            ["loss if talks break down", display_amount(s0.breakdown_loss), display_amount(s1.breakdown_loss)],
            ["dependency: loss / Nash payoff", display_share(s0.dependency), display_share(s1.dependency)],
            [
                "outside option for parity",
                display_amount(s0.parity_disagreement),
                display_amount(s1.parity_disagreement),
            ],
        ]
        if power.threat:
            rows.append(
                ["Nash share lost to the other's threat", _signed_share(s0.threat_loss), _signed_share(s1.threat_loss)]
            )
        notes = [
            "Loss if talks break down: Nash payoff minus disagreement payoff.",
            "Outside option for parity: the disagreement payoff at which the symmetric Nash solution would give "
            "both sides equal payoffs, the other side's fixed.",
        ]
        for who, pt in (power.threat or {}).items():
            actor = f"{who} carries out its threat" if who in power.players else "the threat is carried out"
            point = f"{p0} {display_amount(pt[0])}, {p1} {display_amount(pt[1])}"
            notes.append(f"If {actor}, the disagreement point becomes {point}.")
        self.t(Table(["", p0, p1], rows, title="Dependency and threats", notes=notes, max_width=40))
        if s0.sensitivities:
            rows = []
            units = {prm.name: prm.unit for prm in self.a.parameters}
            for name in s0.sensitivities:
                rows.append(
                    [
                        name,
                        units.get(name, ""),
                        display_decimal(s0.sensitivities[name]),
                        display_decimal(s1.sensitivities.get(name)),
                    ]
                )
            self.t(
                Table(
                    ["parameter", "unit", p0, p1],
                    rows,
                    align="llrr",
                    title="Sensitivity: change in each side's Nash share per unit of the parameter",
                    notes=["Exact derivatives (sympy) at the values used; 0.01 is one percentage point."],
                )
            )
        conditions = list(getattr(power, "conditions", ()) or ())
        extra = []
        if conditions:
            shown = ", ".join(str(c) for c in conditions[:4])
            more = f" (and {len(conditions) - 4} more; see the JSON output)" if len(conditions) > 4 else ""
            extra.append(f"Closed forms valid where {shown}{more}.")
        extra += [f"Note: {n}" for n in getattr(power, "notes", ()) or ()]
        self.bullets(extra)

    def notes(self) -> None:
        notes = list(self.a.notes)
        if notes:
            self.h("Notes")
            self.bullets(notes)

    def provenance(self) -> None:
        prov = self.a.provenance()
        v = prov["versions"]
        bits = [f"negotiation {v['negotiation']}"]
        if prov["scenario"]:
            bits.append(f"scenario sha256 {prov['scenario']['sha256']}")
        bits.append(f"game digest {prov['game_digest'][:16]}…")
        bits.append(f"method {self.a.equilibria.method}, {self.a.equilibria.arithmetic}")
        line = "Provenance: " + "; ".join(bits) + "."
        self.parts.append(f"*{line}*" if self.fmt == "markdown" else paragraph(line, "text"))


def _component_text(k: int, comp: Any, eqs: Sequence[Equilibrium], players: Sequence[str]) -> str:
    """A component of degenerate equilibria in words: per convex piece, what each player may mix."""
    members = ", ".join(f"#{i + 1}" for i in comp.equilibria)
    pieces = []
    for clique in comp.cliques:
        parts = []
        for i, name in enumerate(players):
            seen: list[str] = []
            for idx in clique:
                text = strategy_text(eqs[idx], i)
                if text not in seen:
                    seen.append(text)
            if len(seen) == 1:
                parts.append(f"{name} plays {seen[0]}")
            else:
                parts.append(f"{name} plays any mixture of " + ", ".join(f"({x})" for x in seen))
        pieces.append("; ".join(parts))
    if len(pieces) == 1:
        body = pieces[0]
    else:
        body = " — or — ".join(f"piece {j}: {text}" for j, text in enumerate(pieces, 1))
    return f"Component {k} (extreme equilibria {members}) is a continuum of equilibria: {body}."


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _md_text(text: str) -> str:
    """Escape the Markdown emphasis marker in running text (formulas use ``*``)."""
    return str(text).replace("\\", "\\\\").replace("*", "\\*")


def _share_range(pair: Any) -> str:
    lo, hi = pair
    a, b = display_share(lo), display_share(hi)
    return a if a == b else f"{a[:-1]}–{b}"


def _signed_share(x: Any) -> str:
    if x is None:
        return "—"
    text = display_share(x)
    return text if text.startswith("-") or text == "0%" else "+" + text


def _count(shape: Sequence[int]) -> int:
    total = 1
    for k in shape:
        total *= k
    return total


# ---------------------------------------------------------------------- duck-typed accessors
def _step_fields(step: Any) -> tuple[Any, Any, Any]:
    if isinstance(step, Mapping):
        return step.get("player"), step.get("action"), step.get("dominated_by", step.get("by"))
    if isinstance(step, (tuple, list)) and len(step) >= 3:
        return step[0], step[1], step[2]
    return (
        getattr(step, "player", "?"),
        getattr(step, "action", "?"),
        getattr(step, "dominated_by", getattr(step, "by", "?")),
    )


def _dominator_text(by: Any) -> str:
    if isinstance(by, Mapping):
        return ", ".join(f"{lab} {display(p)}" for lab, p in by.items() if p)
    return str(by)


def _surviving_lists(surviving: Any, names: Sequence[str]) -> list[list[str]]:
    if isinstance(surviving, Mapping):
        return [list(surviving.get(n, ())) for n in names]
    return [list(s) for s in surviving]


def _problem_players(problem: Any, game: Any) -> tuple[str, str]:
    players = getattr(problem, "players", None)
    if players and len(players) == 2:
        return str(players[0]), str(players[1])
    return (str(game.players[0]), str(game.players[1])) if game.n_players >= 2 else ("Player 1", "Player 2")


def _solution_payoffs(sol: Any) -> tuple[Any, ...]:
    for attr in ("payoffs", "point", "outcome"):
        value = getattr(sol, attr, None)
        if value is not None:
            return tuple(value)
    return (None, None)


def _solution_shares(sol: Any) -> tuple[Any, ...]:
    for attr in ("shares", "gain_shares", "share"):
        value = getattr(sol, attr, None)
        if value is not None:
            return tuple(value)
    return (None, None)
