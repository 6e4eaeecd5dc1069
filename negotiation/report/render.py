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
from .numbers import display, display_amount, display_decimal, display_distinct, display_share
from .tables import Table, heading, md_escape, md_paragraph, paragraph

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
    Status.LIMIT_REACHED: "limit reached: the solver stopped early; what is listed is certified, others may exist",
}
#: Status text of a complete result whose equilibrium set has continua (only the extreme points are listed).
COMPLETE_WITH_CONTINUA = "complete: every extreme equilibrium and every component of the equilibrium set is listed"
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
    "ideal": "the side's gain over the disagreement point as a fraction of its own ideal gain, "
    "(u_i - d_i) / (ideal_i - d_i); the two need not add up to 100%",
}
#: Markers of table rows that carry a caveat (footnotes under the table).
MARKS = "abcdefghijklmnopqrstuvwxyz"


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


def _profile_cells(pure: Sequence[Equilibrium]) -> set[tuple[int, ...]]:
    """The action indices of pure equilibria."""
    cells = set()
    for e in pure:
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
            text = " ".join(str(text).split())
            body = md_escape(text) if lead else md_paragraph(text)
            self.parts.append(paragraph(f"**{md_escape(lead)}.** {body}" if lead else body, "markdown"))
        else:
            self.parts.append(paragraph(f"{lead}: {text}" if lead else text, "text"))

    def strong(self, text: str) -> None:
        """A one-line statement, bold in Markdown."""
        if self.fmt == "markdown":
            self.parts.append(f"**{md_escape(' '.join(text.split()))}**")
        else:
            self.parts.append(paragraph(text, "text"))

    def t(self, table: Table) -> None:
        self.parts.append(table.to_markdown() if self.fmt == "markdown" else table.to_text())

    def pre(self, text: str) -> None:
        """Preformatted text (a fenced block in Markdown)."""
        self.parts.append(f"```\n{text.rstrip()}\n```" if self.fmt == "markdown" else text.rstrip())

    def bullets(self, items: Sequence[str], *, escaped: Sequence[str] | None = None) -> None:
        """A bullet list; in Markdown ``escaped`` (when given) replaces the escaped ``items``."""
        if not items:
            return
        if self.fmt == "markdown":
            lines = list(escaped) if escaped is not None else [md_paragraph(" ".join(str(x).split())) for x in items]
            self.parts.append("\n".join(f"- {x}" for x in lines))
        else:
            self.parts.append(
                "\n".join(f"- {paragraph(x, 'text', width=94).replace(chr(10), chr(10) + '  ')}" for x in items)
            )

    def build(self) -> str:
        sections: list[Callable[[], None]] = [
            self.header,
            self.summary,
            self.parameters,
            self.payoffs,
            self.dominance,
            self.equilibria,
            self.bargaining,
            self.power,
            self.market,
            self.notes,
            self.provenance,
        ]
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
        form = " (a sequential game given in strategic form)" if s is not None and s.sequential else ""
        self.p(f"Game{form}: {', '.join(players)}; {shape} = {_count(g.shape)} profiles; payoffs in "
               f"{g.arithmetic} arithmetic.")
        if s is not None and s.negotiation:
            self.p(s.negotiation, lead="Negotiation")

    def summary(self) -> None:
        """Key findings first: equilibria, dominance, the Nash bargaining outcome, the verdict, caveats."""
        a = self.a
        g = a.game
        items = [_equilibria_brief(a)]
        items += _dominance_brief(a)
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
        items += [f"Caveat: {c}" for c in getattr(a, "caveats", ())]
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
            lines, escaped = [], []
            for k, src in enumerate(sources, 1):
                text = f"[{k}] {src.get('citation', '')}"
                md = md_escape(" ".join(text.split()))
                if src.get("url"):
                    text += f" {src['url']}"
                    md += f" <{src['url']}>"  # an autolink: its text is not escaped
                if src.get("supports"):
                    text += f" Supports: {src['supports']}."
                    md += " " + md_escape(" ".join(f"Supports: {src['supports']}.".split()))
                lines.append(text)
                escaped.append(md)
            self.parts.append("Sources:" if self.fmt == "text" else "**Sources.**")
            self.bullets(lines, escaped=escaped)

    def payoffs(self) -> None:
        a = self.a
        g = a.game
        self.h("Payoff table")
        known = a.pure_equilibria
        marked = _profile_cells(known if known is not None else a.equilibria.pure)
        mark_note = (
            "* marks a pure-strategy Nash equilibrium."
            if known is not None
            else "* marks a pure-strategy Nash equilibrium found by the solver; others were not searched."
        )
        if g.n_players == 2:
            m, n = g.shape
            if m > MAX_TABLE_SHAPE[0] or n > MAX_TABLE_SHAPE[1]:
                self.p(f"The {m} x {n} table is too large to show here; the JSON output has every payoff.")
                return
            row, col = g.players
            headers = [f"{row} \\ {col}"] + list(g.actions[1])
            shown = [display_distinct(list(g.payoffs[i].ravel())) for i in range(2)]
            rows = []
            for r in range(m):
                cells = [g.actions[0][r]]
                for c in range(n):
                    k = r * n + c
                    text = f"{shown[0][k]}, {shown[1][k]}"
                    cells.append(text + (" *" if (r, c) in marked else "  "))
                rows.append(cells)
            note = f"Each cell: {row}'s payoff, {col}'s payoff."
            if marked:
                note += " " + mark_note
            self.t(Table(headers, rows, notes=[note]))
            return
        total = _count(g.shape)
        headers = [*g.players, *(f"payoff {name}" for name in g.players), "NE"]
        profiles = list(itertools.islice(itertools.product(*(range(k) for k in g.shape)), MAX_PROFILE_ROWS))
        shown = [display_distinct([g.payoffs[(i, *idx)] for idx in profiles]) for i in range(g.n_players)]
        rows = []
        for k, idx in enumerate(profiles):
            rows.append(
                [g.actions[i][a_] for i, a_ in enumerate(idx)]
                + [shown[i][k] for i in range(g.n_players)]
                + ["*" if idx in marked else ""]
            )
        notes = [mark_note]
        if total > MAX_PROFILE_ROWS:
            notes.append(f"First {MAX_PROFILE_ROWS} of {total} profiles; the JSON output has every payoff.")
        self.t(Table(headers, rows, align="l" * g.n_players + "r" * (g.n_players + 1), notes=notes))

    def dominance(self) -> None:
        a = self.a
        dom = a.dominance
        if dom is None:
            return
        mode = getattr(dom, "by", None) or a.options.get("dominance", "mixed")
        self.h("Dominated strategies")
        steps = list(getattr(dom, "steps", ()) or ())
        tolerance = _tolerance_text(a)
        if not steps:
            text = f"No action is strictly dominated (checked against {mode} strategies)."
            if tolerance:
                text += (f" In float arithmetic {tolerance}, so an action dominated by less than that is not found; "
                         "use exact arithmetic to resolve smaller differences.")
            self.p(text)
            return
        rows = []
        for k, step in enumerate(steps, 1):
            player, action, by = _step_fields(step)
            rows.append([str(getattr(step, "round", k)), str(player), str(action), _dominator_text(by)])
        names = a.game.players
        surviving = _surviving_lists(getattr(dom, "surviving", None) or (), names)
        notes = []
        if surviving:
            kept = "; ".join(f"{names[i]}: {', '.join(acts)}" for i, acts in enumerate(surviving))
            notes.append(f"Surviving: {kept}.")
            if all(len(acts) == 1 for acts in surviving):
                notes.append("The game is dominance solvable: the surviving profile is its unique Nash equilibrium.")
        rounds = max(int(getattr(step, "round", 1)) for step in steps)
        text = f"Iterated elimination of strictly dominated actions (dominators: {mode} strategies)."
        if rounds > 1:
            text += (" Round 1 removes the actions strictly dominated in the original game; each later round removes "
                     "actions that are dominated only once the earlier removals are made.")
        text += " No removed action is played in any Nash equilibrium."
        if tolerance:
            text += f" Float arithmetic: {tolerance}."
        self.p(text)
        self.t(Table(["round", "player", "eliminated", "dominated by"], rows, align="rlll", notes=notes))

    def equilibria(self) -> None:
        a = self.a
        res: EquilibriumResult = a.equilibria
        g = a.game
        self.h("Nash equilibria")
        self.p(_equilibria_paragraph(a))
        count = len(res)
        if count:
            headers = ["#", "kind"] + [f"{name} plays" for name in g.players]
            headers += [f"{name} gets" for name in g.players] + ["regret"]
            listed = res.equilibria[:MAX_EQUILIBRIA_ROWS]
            pays = [display_distinct([e.payoffs[i] for e in listed]) for i in range(g.n_players)]
            rows = []
            for k, e in enumerate(listed, 1):
                rows.append(
                    [str(k), "pure" if e.is_pure else "mixed"]
                    + [strategy_text(e, i) for i in range(g.n_players)]
                    + [pays[i][k - 1] for i in range(g.n_players)]
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
                self.bullets([_component_text(k, c, res.equilibria, g.players) for k, c in enumerate(comps, 1)])
        lines = [f"Solver note: {n}" for n in res.notes if n]
        search = a.pure_search
        if search is not None:
            lines += [f"Pure search note: {n}" for n in search.notes if n]
        self.bullets(lines)

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
            where = "the disagreement point"
            if _outside_options_used(power):
                where += ", each side's status quo raised to its outside option where that is higher"
            self.p(f"{players[0]} and {players[1]} bargain over the deal. If talks break down, {dtext} ({where}).")
        if power is not None and hasattr(power, "sides"):
            self._concept_table_from_power(power)
            return
        if not a.bargaining:
            return
        headers = ["solution", *(f"{n} gets" for n in players), *(f"{n}'s share of gains" for n in players)]
        rows = []
        flagged = _flagged_concepts(a.bargaining, list(a.bargaining))
        for concept, sol in a.bargaining.items():
            mark = f" [{flagged[concept][0]}]" if concept in flagged else ""
            rows.append(
                [CONCEPT_TITLES.get(concept, concept) + mark]
                + [display_amount(v) for v in _solution_payoffs(sol)]
                + [display_share(x) for x in _solution_shares(sol)]
            )
        notes = ["Share of gains: the player's gain over the disagreement point as a share of both gains."]
        notes += [text for _, text in flagged.values()]
        self.t(Table(headers, rows, notes=notes))

    def _concept_table_from_power(self, power: Any) -> None:
        s0, s1 = power.sides
        p0, p1 = power.players
        basis = SHARE_BASIS.get(power.share_basis, power.share_basis)
        headers = ["solution", f"{p0} gets", f"{p1} gets", f"{p0}'s share", f"{p1}'s share"]
        solutions = dict(getattr(power, "solutions", {}) or {})
        for concept, sol in self.a.bargaining.items():
            solutions.setdefault(concept, sol)
        flagged = _flagged_concepts(solutions, list(power.concepts))
        rows = []
        for c in power.concepts:
            mark = f" [{flagged[c][0]}]" if c in flagged else ""
            rows.append(
                [
                    CONCEPT_TITLES.get(c, c) + mark,
                    display_amount(s0.payoffs.get(c)),
                    display_amount(s1.payoffs.get(c)),
                    display_share(s0.shares.get(c)),
                    display_share(s1.shares.get(c)),
                ]
            )
        rows.append(["spread across concepts", "", "", _share_range(s0.spread), _share_range(s1.spread)])
        notes = [f"Share: {basis}; percentages rounded to 0.1 point."]
        for c, (_, text) in flagged.items():
            ends = [side.player for side in (s0, s1) if _sets_spread(side, c)]
            if ends and not _pareto_optimal(solutions.get(c)):
                also = " (and the verdict's)" if "spread" in str(getattr(power, "verdict", "")) else ""
                text += (f" It sets an end of {' and '.join(ends)}'s spread across concepts, so that spread{also} is "
                         "wider than among Pareto-optimal solutions.")
            notes.append(text)
        if power.rubinstein is not None and getattr(power.rubinstein, "formula", None):
            notes.append(f"Rubinstein (1982) alternating offers: {power.rubinstein.formula}.")
        self.t(Table(headers, rows, notes=notes))

    def power(self) -> None:
        a = self.a
        power = a.power
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
        parity = (display_amount(s0.parity_disagreement), display_amount(s1.parity_disagreement))
        rows = [
            ["disagreement payoff (status quo)", display_amount(s0.disagreement), display_amount(s1.disagreement)],
            ["loss if talks break down", display_amount(s0.breakdown_loss), display_amount(s1.breakdown_loss)],
            ["dependency: loss / Nash payoff", display_share(s0.dependency), display_share(s1.dependency)],
            ["disagreement payoff for parity", *parity],
        ]
        checks = list(getattr(a, "threat_checks", ()) or ())
        if power.threat:
            label = "Nash share lost to the other's threat"
            if any(c.verdict != "credible" for c in checks):
                label = "Nash share lost to the threat, if carried out"
            rows.append([label, _signed_share(s0.threat_loss), _signed_share(s1.threat_loss)])
        notes = [
            "Loss if talks break down: Nash payoff minus disagreement payoff.",
            "Disagreement payoff for parity: the disagreement payoff at which the symmetric Nash solution would "
            "give both sides equal payoffs, the other side's fixed"
            + ("; — where no disagreement payoff does." if "—" in parity else "."),
        ]
        if s0.dependency is None or s1.dependency is None:
            notes.append("Dependency: — where the Nash payoff is not positive.")
        for who, pt in (power.threat or {}).items():
            actor = f"{who} carries out its threat" if who in power.players else "the threat is carried out"
            point = f"{p0} {display_amount(pt[0])}, {p1} {display_amount(pt[1])}"
            notes.append(f"If {actor}, the disagreement point becomes {point}.")
        notes += [f"Threat check: {c.summary}" for c in checks]
        self.t(Table(["", p0, p1], rows, title="Dependency and threats", notes=notes, max_width=48))
        if s0.sensitivities:
            rows = []
            units = {prm.name: prm.unit for prm in a.parameters}
            kinks = False
            for name in s0.sensitivities:
                cells = []
                for side in (s0, s1):
                    one_sided = (getattr(side, "one_sided_sensitivities", {}) or {}).get(name)
                    if one_sided is not None:
                        kinks = True
                        cells.append(f"{display_decimal(one_sided[0])} / {display_decimal(one_sided[1])}")
                    else:
                        cells.append(display_decimal(side.sensitivities.get(name)))
                rows.append([name, units.get(name, ""), *cells])
            notes = ["Exact derivatives (sympy) at the values used, shown rounded; 0.01 is one percentage point."]
            if kinks:
                notes.append("left / right: the one-sided derivatives, where they differ (a kink at the values used).")
            self.t(
                Table(
                    ["parameter", "unit", p0, p1],
                    rows,
                    align="llrr",
                    title="Sensitivity: change in each side's Nash share per unit of the parameter",
                    notes=notes,
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

    def market(self) -> None:
        m = getattr(self.a, "market", None)
        if m is None:
            return
        self.h("Market")
        self.p("The scenario's [market] section: the value each buyer-seller pair creates if matched "
               "(— where the pair cannot trade).")
        columns = [[m.values.get((b, s)) for b in m.buyers] for s in m.sellers]
        shown = display_distinct([v for col in columns for v in col if v is not None])
        it = iter(shown)
        texts = [[next(it) if v is not None else "—" for v in col] for col in columns]
        rows = [[b] + [texts[j][i] for j in range(len(m.sellers))] for i, b in enumerate(m.buyers)]
        self.t(Table(["buyer \\ seller", *m.sellers], rows))
        if m.total is None:
            self.p(f"{m.note[:1].upper()}{m.note[1:]}.")
        else:
            if m.assignment:
                pairs = ", ".join(f"{b} with {s} ({display_amount(v)})" for b, s, v in m.assignment)
                matched = {b for b, _, _ in m.assignment} | {s for _, s, _ in m.assignment}
                left = [x for x in (*m.buyers, *m.sellers) if x not in matched]
                text = (f"Efficient assignment (largest total value; pairs worth 0 or less do not trade): {pairs}; "
                        f"total {display_amount(m.total)}")
                text += " (the only one)." if m.unique else " (one of several with this total)."
                if left:
                    text += f" Left out: {', '.join(left)}."
            else:
                text = "No pair creates a positive value: the efficient assignment makes no trade."
            self.p(text + " Only the efficient assignment is computed here; the market's core and prices are not.")

    def notes(self) -> None:
        notes = list(self.a.notes)
        if notes:
            self.h("Notes")
            self.bullets(notes)

    def provenance(self) -> None:
        a = self.a
        prov = a.provenance()
        v = prov["versions"]
        bits = [f"negotiation {v['negotiation']}"]
        if prov["scenario"]:
            bits.append(f"scenario sha256 {prov['scenario']['sha256']}")
        bits.append(f"game digest {prov['game_digest'][:16]}…")
        used = prov["methods"]["equilibria"]
        method = f"method {used['method']}, {used['arithmetic']}"
        if a.equilibria.method != used["method"]:
            method += f" ({a.equilibria.method} was asked for and handed over)"
        bits.append(method)
        if a.pure_search is not None:
            bits.append(f"pure search {a.pure_search.arithmetic}")
        line = "Provenance: " + "; ".join(bits) + "."
        self.parts.append(f"*{md_escape(line)}*" if self.fmt == "markdown" else paragraph(line, "text"))


# ---------------------------------------------------------------------- wording of results
def _plural(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


def _pure_list(eqs: Sequence[Equilibrium], n_players: int, limit: int = 4) -> str:
    shown = ", ".join("(" + ", ".join(strategy_text(e, i) for i in range(n_players)) + ")" for e in eqs[:limit])
    return shown + (" …" if len(eqs) > limit else "")


def _set_structure(res: EquilibriumResult) -> str | None:
    """``"1 isolated equilibrium plus 1 continuum"`` for a result with continua, else ``None``."""
    comps = [c for c in res.components if not c.is_singleton]
    if not comps:
        return None
    isolated = sum(1 for c in res.components if c.is_singleton)
    cont = _plural(len(comps), "continuum", "continua")
    if not isolated:
        return cont
    return f"{_plural(isolated, 'isolated equilibrium', 'isolated equilibria')} plus {cont}"


def _equilibria_brief(a: Any) -> str:
    """The first line of the report: what is known about the equilibria, never more than was computed."""
    res: EquilibriumResult = a.equilibria
    g = a.game
    n = len(res)
    total = _count(g.shape)
    if res.method == "pure":
        if not n:
            where = "; a two-player method such as vertex enumeration finds it" if g.n_players == 2 else ""
            return (f"No pure-strategy Nash equilibrium: all {total} pure profiles were searched. A mixed equilibrium "
                    f"exists (Nash 1951) but mixed equilibria were not searched{where}.")
        return (f"{_plural(n, 'pure Nash equilibrium', 'pure Nash equilibria')} (all {total} pure profiles searched; "
                f"mixed equilibria were not searched): {_pure_list(res.pure, g.n_players)}{_regret_note(res)}.")
    pure = a.pure_equilibria
    if res.status is Status.COMPLETE:
        structure = _set_structure(res)
        k = len(pure or ())
        if structure is not None:
            line = (f"{n} extreme Nash equilibria (every extreme equilibrium and every component is listed; {k} pure); "
                    f"the equilibrium set is {structure}")
        elif res.degenerate and not res.components:
            line = (f"{_plural(n, 'extreme Nash equilibrium', 'extreme Nash equilibria')} (every extreme equilibrium "
                    f"is listed; {k} pure; the game is degenerate and its components were not computed)")
        else:
            line = f"{_plural(n, 'Nash equilibrium', 'Nash equilibria')} (the complete set; {k} pure)"
        if pure:
            line += f"; pure: {_pure_list(pure, g.n_players)}"
        return line + "."
    method = METHOD_TITLES.get(a.solved_by, a.solved_by.replace("_", " "))
    status = "not proven complete" if res.status is Status.PARTIAL else "the solver stopped at a limit"
    if n:
        line = f"{_plural(n, 'Nash equilibrium', 'Nash equilibria')} found by {method} ({status}: others may exist)"
    else:
        line = f"No Nash equilibrium found by {method} ({status}), though one exists (Nash 1951)"
    if a.pure_search is not None:
        if pure:
            line += (f"; a search of all {total} pure profiles found "
                     f"{_plural(len(pure), 'pure equilibrium', 'pure equilibria')}: {_pure_list(pure, g.n_players)}"
                     f"{_regret_note(a.pure_search)}")
        else:
            line += f"; a search of all {total} pure profiles found no pure equilibrium"
    else:
        line += "; pure equilibria were not searched"
    return line + "."


def _regret_note(res: EquilibriumResult) -> str:
    """In float arithmetic, when a listed equilibrium has a positive regret (a profitable deviation within the
    tolerance), say so: ``" (float arithmetic: ... regret up to 0.5 ...)"``; else ``""``."""
    if res.arithmetic != "float":
        return ""
    worst = max((float(e.regret) for e in res), default=0.0)
    if worst <= 0:
        return ""
    return (f" (float arithmetic: profiles whose regret is within the tolerance, {res.options.get('rtol', 0):g} times "
            f"the payoff range, count as equilibria; the largest regret listed is {display(worst, 3)}: use exact "
            "arithmetic to separate them)")


def _equilibria_paragraph(a: Any) -> str:
    """The paragraph opening the equilibria section: method, arithmetic, status, degeneracy."""
    res: EquilibriumResult = a.equilibria
    g = a.game
    count = len(res)
    used = a.solved_by
    method = METHOD_TITLES.get(used, used.replace("_", " "))
    arith = f"({res.arithmetic} arithmetic)"
    handed = ""
    if used != res.method:
        asked = METHOD_TITLES.get(res.method, res.method.replace("_", " "))
        ties = " (ties within its float tolerance count as degeneracy)" if res.arithmetic == "float" else ""
        handed = (f" The method asked for, {asked}, stopped on degeneracy{ties} and handed the game to {method} "
                  "(see the solver note).")
    if res.method == "pure":
        total = _count(g.shape)
        if not count:
            text = (f"No equilibrium: a search of all {total} pure profiles {arith} found none, so the game has no "
                    "pure-strategy Nash equilibrium. By Nash's theorem (1951) it has one in mixed strategies, which "
                    "this method does not search")
            text += (": vertex enumeration finds every one." if g.n_players == 2
                     else "; the package's mixed-equilibrium methods need two players.")
            return text
        return (f"{_plural(count, 'equilibrium', 'equilibria')} by {method} {arith}: every pure equilibrium is listed; "
                "mixed equilibria were not searched.")
    structure = _set_structure(res)
    if res.status is Status.COMPLETE and structure is not None:
        text = (f"{count} extreme equilibria by {method} {arith}; {COMPLETE_WITH_CONTINUA}. The game is degenerate: "
                f"the equilibrium set is {structure} (components below), so it has infinitely many equilibria.")
        return text + handed
    text = f"{_plural(count, 'equilibrium', 'equilibria')} by {method} {arith}; "
    text += STATUS_TEXT.get(res.status, str(res.status)) + "."
    if res.status is Status.COMPLETE:
        if res.degenerate is True:
            if res.components:
                text += " The game is degenerate, but every equilibrium is isolated."
            else:
                text = (f"{_plural(count, 'extreme equilibrium', 'extreme equilibria')} by {method} {arith}; every "
                        "extreme equilibrium is listed. The game is degenerate; its components were not computed.")
        elif res.degenerate is False:
            text += " No degeneracy was found: every equilibrium is isolated."
        elif used == "vertex_enumeration":
            text += (" No degeneracy touches an equilibrium: every equilibrium is isolated (the rest of the game"
                     " was not checked).")
    else:
        search = a.pure_search
        if search is not None:
            total = _count(g.shape)
            pure = search.pure
            if pure:
                found = _plural(len(pure), "pure equilibrium", "pure equilibria")
                listed = _pure_list(pure, g.n_players) + _regret_note(search)
                text += f" A separate search of all {total} pure profiles found {found}: {listed}."
            else:
                text += f" A separate search of all {total} pure profiles found no pure equilibrium."
        if res.degenerate is True:
            text += " The game is degenerate: equilibria may form continua."
    return text + handed


def _dominance_brief(a: Any) -> list[str]:
    """Dominance in brief: what is dominated in the original game, and what only after removals."""
    steps = list(getattr(a.dominance, "steps", ()) or ())  # () when dominance was skipped (None)
    if not steps:
        return []
    first: dict[str, list[str]] = {}
    later: list[str] = []
    for step in steps:
        player, action, _ = _step_fields(step)
        rnd = int(getattr(step, "round", 1))
        if rnd == 1:
            first.setdefault(str(player), []).append(str(action))
        else:
            later.append(f"{player}'s {action} (round {rnd})")
    items = []
    tolerance = _tolerance_text(a)
    suffix = f" (float arithmetic: {tolerance})" if tolerance else ""
    if first:
        parts = [f"{player} never plays {_and(actions)}" for player, actions in first.items()]
        items.append("Strictly dominated in the game: " + "; ".join(parts) + suffix + ".")
        suffix = ""
    if later:
        items.append("Removed only by iterated elimination, once dominated actions are gone: " + ", ".join(later)
                     + "; no equilibrium plays them" + suffix + ".")
    return items


def _tolerance_text(a: Any) -> str:
    """In float mode, the margin below which dominance treats payoffs as equal, in words (else ``""``)."""
    tols = getattr(a, "dominance_tolerances", None)
    if tols is None:
        return ""
    rtol = dict(getattr(a.dominance, "options", {}) or {}).get("rtol")
    if len(set(tols)) == 1:
        share = f", {rtol:g} times the payoff range," if isinstance(rtol, float) else ""
        return f"payoff differences up to {display(tols[0], 3)}{share} count as ties"
    parts = [f"{display(t, 3)} for {name}" for name, t in zip(a.game.players, tols, strict=True)]
    each = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    share = f", {rtol:g} times each player's payoff range," if isinstance(rtol, float) else ""
    return f"payoff differences up to {each}{share} count as ties"


def _outside_options_used(power: Any) -> bool:
    if power is None:
        return False
    prov = getattr(power, "provenance", None)
    options = dict(getattr(prov, "options", {}) or {})
    return bool(options.get("outside_options", False))


def _pareto_optimal(sol: Any) -> bool:
    return bool(getattr(sol, "pareto_optimal", True))


def _flagged_concepts(solutions: Mapping[str, Any], order: Sequence[str]) -> dict[str, tuple[str, str]]:
    """``{concept: (mark, footnote)}`` of the solutions that carry a caveat: not Pareto optimal, or notes
    (a tie broken by a rule, a vertex of the frontier, ...)."""
    out: dict[str, tuple[str, str]] = {}
    for concept in order:
        sol = solutions.get(concept)
        if sol is None:
            continue
        notes = [str(n) for n in getattr(sol, "notes", ()) or () if n]
        pareto = _pareto_optimal(sol)
        if pareto and not notes:
            continue
        mark = MARKS[len(out) % len(MARKS)]
        parts = [] if pareto else ["not Pareto optimal here (another feasible agreement gives one side more and the "
                                   "other no less)"]
        parts += [n.rstrip(".") for n in notes]
        out[concept] = (mark, f"[{mark}] {CONCEPT_TITLES.get(concept, concept)}: " + "; ".join(parts) + ".")
    return out


def _sets_spread(side: Any, concept: str) -> bool:
    value = side.shares.get(concept)
    if value is None:
        return False
    lo, hi = side.spread
    return bool(value == lo or value == hi)


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
