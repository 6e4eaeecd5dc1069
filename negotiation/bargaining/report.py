"""The power report: who holds the negotiating table, by how much, and why.

For a two-party deal the report puts side by side, for each party,

* its **share** under each solution concept (Nash 1950, Kalai-Smorodinsky 1975, egalitarian
  (Kalai 1977), utilitarian, plus Nash's (1953) threat solution when the problem comes from a game
  and Rubinstein (1982) when discount factors are given) and the spread between them (the share's
  definition, its *basis*, is below);
* its **disagreement payoff** and its **loss if talks break down** (Nash payoff minus disagreement
  payoff; *dependency* is that loss as a fraction of its Nash payoff);
* the **parity point**: the disagreement payoff (outside option) at which the symmetric Nash
  solution would give both parties equal payoffs, all else fixed (solved exactly);
* its **sensitivity** to each parameter of a symbolic problem: the derivative of its Nash share,
  computed by sympy and evaluated at the parameter defaults (never by finite differences; see
  *Sensitivities* below for defaults that sit on a tie);
* the share it **loses to the other side's repricing threat**: its Nash payoff at the status quo
  minus its Nash payoff when the disagreement point is the threat point, divided by the basis's
  denominator at the status quo (so it measures the payoff change, in share units);
* a one-line **verdict**: who holds the table and by how much.

Share basis
-----------
Let ``u`` be a concept's payoffs, ``d`` the disagreement point (status quo raised to the outside
options) and ``I`` the ideal point (each side's best individually rational payoff).

``"payoff"``: ``u_i / (u_0 + u_1)``
    A party's part of the total value of the agreement: with transferable utility (a common money
    unit, :meth:`BargainingProblem.transferable`) this is its **share of the surplus** ``s``
    (negative when it pays more than it gets). This is where disagreement payoffs and outside options
    show: with a pie of 10 and an outside option of 4 against 0, the Nash solution gives 7 and 3, a
    70% share. Without transferable utility the sum adds utilities of two people: the report then
    says the payoffs are compared in a common unit (an assumption).
``"gain"``: ``(u_i - d_i) / ((u_0 - d_0) + (u_1 - d_1))``
    The share of the **gains from agreement** (with transferable utility and symmetric Nash always
    50%); without transferable utility it also adds utilities across players (a common unit is
    assumed, and said).
``"ideal"``: ``(u_i - d_i) / (I_i - d_i)``
    Each side's gain as a **fraction of its own ideal gain** (the Kalai-Smorodinsky yardstick): unit
    free, unchanged by any positive affine change of either side's utility scale. The two values do
    not add up to one; Kalai-Smorodinsky makes them equal.
``"auto"`` (default)
    ``"payoff"`` for a transferable-utility problem with a positive surplus (``"gain"`` when the
    surplus is not positive), ``"ideal"`` for every other problem (:meth:`BargainingProblem.from_points`,
    :meth:`BargainingProblem.from_game`): utilities of different people carry no common unit, so the
    verdict then never depends on the sign of a payoff or on either side's unit.

The **verdict** compares the two sides' Nash values under the basis: the leader has the larger one,
``margin`` is half the difference (the leader's share minus one half when the shares add up to one).
With the ``"ideal"`` basis the verdict speaks of each side's ideal gain, never of "the surplus".
The egalitarian and utilitarian solutions, the parity point (equal payoffs) and the dependency
ratio compare or scale payoffs across sides, so they assume a common unit; the report says so for
problems without transferable utility.

Sensitivities
-------------
The closed forms of a symbolic problem hold where the conditions recorded while solving it hold
(:attr:`PowerReport.conditions`). When all of them are strict inequalities at the defaults, they
hold on a neighbourhood and the derivative of the closed form is the (two-sided) sensitivity. When
one is an **equality** (a tie at the defaults: e.g. the disagreement payoff equals a vertex's
coordinate, or the Nash point sits exactly on a vertex, where the frontier has a kink) the closed form
holds only on that surface, and for every parameter in such an equality (or in a ``Max``/``Min``/
``Abs``/``Piecewise`` of the inputs at its switch) the report solves the problem again on each side
of the default, checks exactly that the branch found holds just to that side
(:mod:`negotiation.bargaining._onesided`) and differentiates that branch. When the left and right
derivatives agree, that is the sensitivity; when they differ (a kink), ``sensitivities`` holds
``None`` for the parameter and ``one_sided_sensitivities`` gives both ``(left, right)``.

Rubinstein
----------
Alternating offers are played over the gains from agreement ``G = s - d_0 - d_1`` (for a one-segment
frontier without transferable utility, ``G`` in player 0's units): each side keeps its status-quo
payoff while talks go on, so the status quo acts as an *inside option* (a flow during talks), and a
side's payoff is ``d_i`` plus its Rubinstein part of ``G``; the formula printed calls ``G`` "s". Outside
options (taken only by walking away) enter through the outside-option principle (Binmore, Shaked and
Sutton 1989) instead.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18, 155-162.
Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21, 128-140.
Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
*Econometrica* 43, 513-518.
Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
comparisons. *Econometrica* 45, 1623-1630.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50, 97-109.
Binmore, K., Shaked, A. and Sutton, J. (1989). An outside option experiment. *Quarterly Journal
of Economics* 104, 753-770.
Muthoo, A. (1999). *Bargaining Theory with Applications*, sections 5.3-5.4 (inside and outside
options). Cambridge University Press.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..errors import BargainingError
from ..model.normal_form import NormalFormGame
from ..provenance import Provenance
from . import _onesided
from ._numbers import (
    U0,
    U1,
    Arith,
    FrozenMap,
    as_expr,
    detect_kind,
    evaluate,
    is_symbolic,
    json_number,
    parameter_values,
)
from .problem import BargainingProblem, Point, _name, _pair, _pairwise_max, _players, _show
from .solutions import CONCEPTS, BargainingSolution, _make

__all__ = ["PowerReport", "SideReport", "power_report"]

SHARE_BASES = ("auto", "payoff", "gain", "ideal")


@dataclass(frozen=True, eq=False)
class SideReport:
    """One party's line of the power report (numbers at the parameter defaults).

    Attributes
    ----------
    player:
        The party's name.
    index:
        0 or 1.
    shares:
        Concept name -> its share under the report's basis (:attr:`PowerReport.share_basis`; see the
        module docstring: share of the surplus, of the gains, or fraction of its own ideal gain).
    payoffs:
        Concept name -> payoff.
    spread:
        ``(lowest, highest)`` share across the concepts.
    disagreement:
        Its disagreement payoff (status quo, raised to its outside option if that is higher).
    breakdown_loss:
        What it loses if talks break down: Nash payoff minus disagreement payoff.
    dependency:
        ``breakdown_loss / Nash payoff`` (``None`` when the Nash payoff is not positive).
    parity_disagreement:
        The disagreement payoff closest to its current one at which the symmetric Nash solution
        gives both parties equal payoffs, the other party's fixed (``None`` if no value does).
    sensitivities:
        Parameter name -> derivative of its Nash share at the defaults (symbolic problems);
        ``None`` where the left and right derivatives differ (see ``one_sided_sensitivities``).
    threat_loss:
        What the other side's threat costs it: its Nash payoff at the status quo minus its Nash
        payoff at the threat point, divided by the basis's denominator at the status quo
        (``u_0 + u_1``, the total gain, or its own ideal gain ``I_i - d_i``); ``None`` without a
        threat point.
    expressions:
        Closed forms (sympy) of its Nash share and payoff and of the parity point (symbolic
        problems; empty otherwise).
    one_sided_sensitivities:
        Parameter name -> ``(left, right)`` derivatives of its Nash share, for the parameters whose
        one-sided derivatives differ at the defaults (a kink; ``None`` for a side that could not
        be computed). Empty otherwise.
    """

    player: str
    index: int
    shares: Mapping[str, Any]
    payoffs: Mapping[str, Any]
    spread: tuple[Any, Any]
    disagreement: Any
    breakdown_loss: Any
    dependency: Any
    parity_disagreement: Any
    sensitivities: Mapping[str, Any]
    threat_loss: Any
    expressions: Mapping[str, Any]
    one_sided_sensitivities: Mapping[str, tuple[Any, Any]] = dataclasses.field(default_factory=FrozenMap)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with a fixed key order."""
        return {
            "player": self.player,
            "shares": {k: json_number(v) for k, v in self.shares.items()},
            "payoffs": {k: json_number(v) for k, v in self.payoffs.items()},
            "spread": [json_number(self.spread[0]), json_number(self.spread[1])],
            "disagreement": json_number(self.disagreement),
            "breakdown_loss": json_number(self.breakdown_loss),
            "dependency": json_number(self.dependency),
            "parity_disagreement": json_number(self.parity_disagreement),
            "sensitivities": {k: json_number(v) for k, v in self.sensitivities.items()},
            "threat_loss": json_number(self.threat_loss),
            "expressions": {k: str(v) for k, v in self.expressions.items()},
            "one_sided_sensitivities": {
                k: [json_number(v[0]), json_number(v[1])] for k, v in self.one_sided_sensitivities.items()
            },
        }


@dataclass(frozen=True, eq=False)
class PowerReport:
    """Who holds the negotiating table (see the module docstring).

    Attributes
    ----------
    players:
        The two parties.
    sides:
        One :class:`SideReport` per party.
    concepts:
        The solution concepts compared, in report order.
    share_basis:
        ``"payoff"``, ``"gain"`` or ``"ideal"`` (see the module docstring).
    solutions:
        Concept name -> :class:`~negotiation.bargaining.solutions.BargainingSolution`.
    rubinstein:
        The :class:`~negotiation.bargaining.rubinstein.RubinsteinResult` when discount factors
        were given and the individually rational frontier is one segment, else ``None``. Its
        ``surplus`` is the gains ``G`` over the status quo, which acts as an inside option (see
        the module docstring).
    status_quo:
        The disagreement point used (after outside options), at the defaults.
    threat:
        Threat point(s) compared with the status quo: threatening party's name (``"threat"``
        when not said) -> point.
    parameters:
        The parameter defaults the numbers are evaluated at (symbolic problems).
    leader:
        Index of the party with the larger Nash share (under :attr:`share_basis`), ``None`` when
        they are equal.
    margin:
        Half the difference between the leader's and the other side's Nash share: the leader's
        share minus one half when the shares add up to one (0 when equal).
    verdict:
        One line: who holds the table and by how much.
    conditions:
        sympy relations under which the closed forms of a symbolic problem hold (an ``Eq`` is a
        tie at the defaults: the closed forms then hold only on that surface).
    notes:
        What was assumed, skipped or restricted.
    provenance:
        Method, options and versions.
    transferable:
        Whether the problem has transferable utility (a common unit for both sides' payoffs).
    """

    players: tuple[str, str]
    sides: tuple[SideReport, SideReport]
    concepts: tuple[str, ...]
    share_basis: str
    solutions: Mapping[str, BargainingSolution]
    rubinstein: Any
    status_quo: tuple[Any, Any]
    threat: Mapping[str, tuple[Any, Any]]
    parameters: Mapping[str, Any]
    leader: int | None
    margin: Any
    verdict: str
    conditions: tuple[Any, ...]
    notes: tuple[str, ...]
    provenance: Provenance
    transferable: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form: fixed key order, exact numbers as ``"p/q"``, floats at full precision."""
        return {
            "players": list(self.players),
            "verdict": self.verdict,
            "leader": None if self.leader is None else self.players[self.leader],
            "margin": json_number(self.margin),
            "share_basis": self.share_basis,
            "concepts": list(self.concepts),
            "status_quo": [json_number(self.status_quo[0]), json_number(self.status_quo[1])],
            "threat": {k: [json_number(v[0]), json_number(v[1])] for k, v in self.threat.items()},
            "parameters": {k: json_number(v) for k, v in self.parameters.items()},
            "sides": [side.to_dict() for side in self.sides],
            "solutions": {
                name: {
                    "payoffs": [json_number(v) for v in _at(sol.payoffs, sol)],
                    "pareto_optimal": sol.pareto_optimal,
                    "notes": list(sol.notes),
                }
                for name, sol in self.solutions.items()
            },
            "rubinstein": None if self.rubinstein is None else self.rubinstein.to_dict(),
            "conditions": [str(c) for c in self.conditions],
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }

    def to_text(self) -> str:
        """Readable multi-line text: the verdict, then one table per quantity."""
        p0, p1 = self.players
        basis = _basis_text(self.share_basis, self.transferable)
        width = max(24, *(len(c) + 2 for c in self.concepts))
        derivs = [len(_derivative(s, name)) + 2 for s in self.sides for name in s.sensitivities]
        col = max(12, len(p0) + 2, len(p1) + 2, *derivs)

        def row(label: str, a: str, b: str) -> str:
            return f"  {label:<{width}}{a:>{col}}{b:>{col}}"

        s0, s1 = self.sides
        lines = [f"Power report: {p0} vs {p1}", f"Verdict: {self.verdict}", "", f"Shares ({basis})"]
        lines.append(row("concept", p0, p1))
        for c in self.concepts:
            lines.append(row(c, _pct(s0.shares[c]), _pct(s1.shares[c])))
        lines.append(row("spread across concepts", _range(s0.spread), _range(s1.spread)))
        lines += ["", "Payoffs"]
        for c in self.concepts:
            lines.append(row(c, _num(s0.payoffs[c]), _num(s1.payoffs[c])))
        lines += ["", "Dependency"]
        lines.append(row("disagreement payoff", _num(s0.disagreement), _num(s1.disagreement)))
        lines.append(row("loss if talks break down", _num(s0.breakdown_loss), _num(s1.breakdown_loss)))
        lines.append(row("loss / Nash payoff", _pct(s0.dependency), _pct(s1.dependency)))
        lines.append(
            row("parity outside option", _num(s0.parity_disagreement), _num(s1.parity_disagreement))
        )
        if self.threat:
            lost = (_pct(s0.threat_loss, signed=True), _pct(s1.threat_loss, signed=True))
            lines.append(row("share lost to threat", *lost))
        if s0.sensitivities:
            kinks = s0.one_sided_sensitivities or s1.one_sided_sensitivities
            title = "Sensitivity of the Nash share to each parameter (exact derivative at the defaults"
            lines += ["", title + ("; left / right where they differ)" if kinks else ")")]
            for name in s0.sensitivities:
                lines.append(row(name, _derivative(s0, name), _derivative(s1, name)))
        if self.parameters:
            lines += ["", "Parameters: " + ", ".join(f"{k} = {_num(v)}" for k, v in self.parameters.items())]
        if self.rubinstein is not None:
            lines += ["", _rubinstein_text(self)]
        if self.conditions:
            ties = [c for c in self.conditions if isinstance(c, sympy.Eq)]
            if len(self.conditions) <= 4:
                lines += ["", "Closed forms valid where: " + ", ".join(str(c) for c in self.conditions)]
            elif ties:
                lines += ["", f"Closed forms valid where {len(self.conditions)} recorded conditions hold "
                              "(see to_dict()['conditions'])"]
            else:
                lines += ["", f"Closed forms valid near the defaults ({len(self.conditions)} strict sign "
                              "conditions; see to_dict()['conditions'])"]
            if ties:
                shown = ", ".join(str(c) for c in ties[:3]) + (", ..." if len(ties) > 3 else "")
                lines.append(f"  {len(ties)} of them are equalities at the defaults ({shown}): there the closed "
                             "forms hold only on that surface, not on a neighbourhood")
        if self.notes:
            lines += ["", "Notes:"] + [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<PowerReport {self.players[0]} vs {self.players[1]}: {self.verdict}>"


# ---------------------------------------------------------------------- formatting helpers
def _at(pair: Point, sol: BargainingSolution) -> Point:
    try:
        return sol.evaluate()
    except BargainingError:
        return pair


def _num(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{float(x):.4g}"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _pct(x: Any, *, signed: bool = False) -> str:
    if x is None:
        return "-"
    value = 100 * float(x)
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def _range(pair: tuple[Any, Any]) -> str:
    lo, hi = _pct(pair[0])[:-1], _pct(pair[1])[:-1]
    return f"{lo}-{hi}%"


def _spread(pair: tuple[Any, Any], whose: str = "") -> str:
    """``"spread 56.8-62.9% across concepts"`` (``whose`` names the side), or ``"the same under every
    concept"`` when both ends show the same."""
    if _pct(pair[0]) == _pct(pair[1]):
        return "the same under every concept"
    return f"{whose}spread {_range(pair)} across concepts"


def _derivative(side: SideReport, name: str) -> str:
    pair = side.one_sided_sensitivities.get(name)
    if pair is None:
        return _num(side.sensitivities[name])
    return f"{_num(pair[0])} / {_num(pair[1])}"


def _basis_text(basis: str, transferable: bool) -> str:
    """What a share means, in one line (for the text and the plots)."""
    if basis == "payoff":
        if transferable:
            return "share of the surplus = u_i / (u_0 + u_1)"
        return "share of the total payoff = u_i / (u_0 + u_1); payoffs compared in a common unit (assumed)"
    if basis == "gain":
        text = "share of the gains from agreement = (u_i - d_i) / (sum of gains)"
        return text if transferable else text + "; gains compared in a common unit (assumed)"
    return "gain as a fraction of the side's own ideal gain = (u_i - d_i) / (ideal_i - d_i); no common unit needed"


def _rubinstein_text(report: PowerReport) -> str:
    r = report.rubinstein
    g = r.surplus
    try:
        g = evaluate(g, parameter_values(dict(report.parameters), getattr(g, "free_symbols", set())))
    except BargainingError:
        pass
    return f"Rubinstein: {r.formula} (s = G = {_num(g)}, the gains over the status quo: see the notes)"


# ---------------------------------------------------------------------- the report
def power_report(
    problem: BargainingProblem | NormalFormGame,
    *,
    status_quo: Sequence[Any] | None = None,
    threat: Sequence[Any] | Mapping[Any, Sequence[Any]] | None = None,
    outside_options: Sequence[Any] | None = None,
    discount_factors: Sequence[Any] | None = None,
    first_proposer: int = 0,
    parameters: Mapping[Any, Any] | None = None,
    players: Sequence[str] | None = None,
    share_basis: str = "auto",
) -> PowerReport:
    """Who holds the negotiating table: shares, dependency, parity, sensitivities, threats, verdict.

    Parameters
    ----------
    problem:
        A :class:`BargainingProblem` (numeric or symbolic), or a two-player
        :class:`~negotiation.model.NormalFormGame` (then the problem is
        ``BargainingProblem.from_game(game, "security")`` and Nash's threat solution is added).
    status_quo:
        The ordinary disagreement point (default: the problem's).
    threat:
        The disagreement point if the other side carries out a credible (repricing) threat: a
        pair (each side's loss is what it loses from its Nash payoff at the status quo when the
        disagreement point becomes the threat point, in share units), or a mapping
        ``{party (name or index): pair}`` giving the point if *that* party carries out its threat
        (then each side's loss is measured against the other side's threat).
    outside_options:
        Each party's outside option; the disagreement point becomes ``max(status quo, option)``
        for the axiomatic concepts (threat points too), while Rubinstein applies the
        outside-option principle to the status quo.
    discount_factors:
        Per-party discount factors for Rubinstein's alternating offers (problems whose
        individually rational frontier is one line segment, i.e. transferable utility up to scale),
        played over the gains above the status quo (an inside option; see the module docstring).
    first_proposer:
        Who makes the first offer in Rubinstein's game.
    parameters:
        ``{name: value}`` defaults of a symbolic problem (merged over the problem's own); every
        number is evaluated there, and the sensitivities are sympy derivatives there.
    players:
        Names to use instead of the problem's.
    share_basis:
        ``"auto"``, ``"payoff"``, ``"gain"`` or ``"ideal"`` (see the module docstring).

    Returns
    -------
    PowerReport

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> deal = BargainingProblem.transferable(10, (4, 0), players=("Lab", "Owner"))
    >>> report = power_report(deal)
    >>> report.verdict
    'Lab holds the table: 70% of the surplus under Nash bargaining (the same under every concept)'
    >>> report.sides[1].parity_disagreement
    Fraction(4, 1)

    Without transferable utility there is no common unit and no "surplus": the verdict compares
    each side's gain as a fraction of its own ideal gain.

    >>> p = BargainingProblem.from_points([(0, 4), (3, 3), (4, 0)], (0, 0), players=("Ann", "Bob"))
    >>> r = power_report(p)
    >>> r.share_basis, r.leader, r.sides[0].shares["nash"]
    ('ideal', None, Fraction(3, 4))
    >>> print(r.verdict)  # doctest: +NORMALIZE_WHITESPACE
    Neither side holds the table: under Nash bargaining each side gets 75% of its own ideal gain
    (gains over the disagreement point, each in its own unit)

    A symbolic deal: sensitivities are exact derivatives at the defaults.

    >>> import sympy
    >>> s, o = sympy.symbols("s o", positive=True)
    >>> deal = BargainingProblem.transferable(s, (o, 0), players=("Lab", "Owner"))
    >>> r = power_report(deal, parameters={"s": 10, "o": 4})
    >>> r.sides[0].sensitivities
    FrozenMap({'o': Fraction(1, 20), 's': Fraction(-1, 50)})
    """
    if share_basis not in SHARE_BASES:
        raise BargainingError(f"share_basis must be one of {SHARE_BASES}, got {share_basis!r}")
    if first_proposer not in (0, 1) or isinstance(first_proposer, bool):
        raise BargainingError(f"first_proposer must be 0 or 1, got {first_proposer!r}")
    notes: list[str] = []
    game: NormalFormGame | None = None
    if isinstance(problem, NormalFormGame):
        game = problem
        base = BargainingProblem.from_game(game, "security")
        notes.append("disagreement point: each side's security level (maxmin) in the game")
    elif isinstance(problem, BargainingProblem):
        base = problem
        game = problem.game
    else:
        raise TypeError(f"power_report needs a BargainingProblem or a NormalFormGame, got {type(problem).__name__}")
    if players is not None:
        base = dataclasses.replace(base, players=_players(players))
    names = base.players

    # ---- parameters: defaults for every symbol used anywhere
    given = {_name(k): v for k, v in (parameters or {}).items()}
    inputs: list[Any] = []
    for what, extra in (("status_quo", status_quo), ("outside_options", outside_options),
                        ("discount_factors", discount_factors)):
        if extra is not None:
            inputs.extend(_pair(extra, what))
    threat_points = _threat_points(threat, names)
    for t in threat_points.values():
        inputs.extend(t)
    symbols = set(base.symbols)
    for v in inputs:
        if isinstance(v, sympy.Basic):
            symbols |= v.free_symbols  # type: ignore[arg-type]
    defaults = {**dict(base.parameters), **given}
    if symbols:
        missing = sorted(s.name for s in symbols if s.name not in defaults)
        if missing:
            raise BargainingError(f"power_report needs values for the parameters {missing} (parameters={{...}})")
    elif given:
        notes.append(f"parameters {sorted(given)} do not appear in the problem: its shares do not depend on them")
    unused = sorted(k for k in given if k not in {s.name for s in symbols})
    if unused and symbols:
        notes.append(f"parameters {unused} do not appear in the problem: sensitivities to them are 0")
    values = parameter_values(defaults, symbols)

    def ev(x: Any) -> Any:
        return evaluate(x, values) if isinstance(x, sympy.Basic) else x

    # ---- the status quo, raised to the outside options, and the Nash solution there
    branch = _branch(base, status_quo, outside_options, defaults)
    base, sq_problem, prob = branch.base, branch.sq, branch.prob
    if outside_options is not None:
        notes.append("outside options raise the disagreement point: d_i = max(status quo_i, outside option_i)")
    d = prob.disagreement
    ideal = prob.ideal_point()
    if prob.degenerate:
        u = prob.bargaining_set[0]
        raise BargainingError(
            f"power_report: the problem is degenerate (its disagreement point ({_num(d[0])}, {_num(d[1])}) is a "
            "threat point on the boundary of the feasible set): no feasible point is better for both sides, every "
            f"concept gives the agreement ({_num(u[0])}, {_num(u[1])}) and there are no shares of gains to compare; "
            "give another disagreement point (status_quo=...)"
        )

    # ---- solutions
    solutions: dict[str, BargainingSolution] = {
        name: branch.nash if name == "nash" else f(prob) for name, f in CONCEPTS.items()
    }
    if game is not None:
        from .threats import nash_threat_solution

        try:
            solutions["nash_threat"] = nash_threat_solution(game)
            if status_quo is not None or outside_options is not None:
                notes.append("nash_threat sets its own disagreement point (the optimal threats), ignoring the "
                             "status quo and outside options")
        except BargainingError as exc:
            notes.append(f"Nash threat solution skipped: {exc}")
    rub = None
    if discount_factors is not None:
        rub, rub_solution, why = _rubinstein(
            sq_problem, discount_factors, first_proposer, outside_options, defaults
        )
        if rub_solution is not None:
            solutions["rubinstein"] = rub_solution
            sq = sq_problem.disagreement
            units = "" if sq_problem.kind == "transferable" else f" (measured in {names[0]}'s units)"
            notes.append(
                f"Rubinstein: alternating offers over the gains G = {_num(ev(rub.surplus))}{units} above the status "
                f"quo ({_num(ev(sq[0]))}, {_num(ev(sq[1]))}), which each side keeps while talks go on (an inside "
                "option): each gets its status-quo payoff plus its part of G (s in the formula is G). Outside "
                "options, taken only by walking away, enter by the outside-option principle instead"
            )
        else:
            notes.append(f"Rubinstein skipped: {why}")
    concepts = tuple(solutions)

    # ---- the share basis
    transferable = prob.kind == "transferable"
    payoff_vals = {c: (ev(sol.payoffs[0]), ev(sol.payoffs[1])) for c, sol in solutions.items()}
    d_vals = (ev(d[0]), ev(d[1]))
    basis = share_basis
    if basis == "auto":
        if not transferable:
            basis = "ideal"
        elif ev(prob.surplus) > 0:
            basis = "payoff"
        else:
            basis = "gain"
            notes.append("the surplus is not positive: shares are shares of the gains from agreement")
    if basis == "payoff" and any(ev(_sum(p)) <= 0 for p in payoff_vals.values()):
        raise BargainingError("share_basis='payoff' needs a positive total payoff under every concept")
    if basis == "payoff" and any(ev(u) < 0 for p in payoff_vals.values() for u in p):
        notes.append(
            "a side's payoff is negative under some concept, so the other side's share of the total payoff exceeds "
            "100%: the shares compare payoffs, not gains (share_basis='gain' compares the gains over the "
            "disagreement point)"
        )
    if not transferable:
        if basis == "ideal":
            notes.append(
                "no transferable utility: payoffs are utilities without a common unit, so shares are each side's "
                "gain over the disagreement point as a fraction of its own ideal gain (unchanged by either side's "
                "choice of unit); the egalitarian and utilitarian solutions, the parity point and loss / Nash "
                "payoff compare or scale payoffs across sides and assume a common unit"
            )
        else:
            notes.append(f"share_basis={basis!r} without transferable utility adds both sides' payoffs: it assumes "
                         "a common unit of utility")

    def share_val(pair: Point, i: int) -> Any:
        x = _share(basis, pair, d, ideal, i)
        return _simplify_num(ev(x) if _is_symbolic_any(pair, d, ideal) else x)

    nash = branch.nash
    ar = prob.arith()

    # ---- threats: the payoff lost, over the basis's denominator at the status quo
    threat_loss: list[Any] = [None, None]
    threat_out: dict[str, tuple[Any, Any]] = {}
    if threat_points:
        den = [ev(_denominator(basis, nash.payoffs, d, ideal, i)) for i in (0, 1)]
        for who, t in threat_points.items():
            label = "threat" if who == "threat" else f"threat[{who!r}]"
            point = t
            if outside_options is not None:
                o = _pair(outside_options, "outside_options")
                point = _pairwise_max(sq_problem, t, o, "outside_options", defaults)
            t_problem = _checked(label, t, lambda point=point: _with_d(sq_problem, point, defaults))
            t_nash = CONCEPTS["nash"](t_problem)
            threat_out[who] = (ev(t_problem.disagreement[0]), ev(t_problem.disagreement[1]))
            lost = [_simplify_num((ev(nash.payoffs[i]) - ev(t_nash.payoffs[i])) / den[i]) for i in (0, 1)]
            if who == "threat":
                threat_loss = lost
            else:
                victim = 1 - names.index(who)
                threat_loss[victim] = lost[victim]

    # ---- sensitivities (symbolic problems)
    symbolic = bool(symbols)
    param_names = sorted(set(given) | {s.name for s in symbols}) if symbolic else []
    nash_shares = [share_val(nash.payoffs, i) for i in (0, 1)]
    sens: list[dict[str, Any]] = [{}, {}]
    one_sided: list[dict[str, tuple[Any, Any]]] = [{}, {}]
    share_exprs: list[Any] = [None, None]
    if symbolic:
        share_exprs = list(_share_exprs(basis, branch))
        sens, one_sided, sens_notes = _sensitivities(
            branch, share_exprs, nash_shares, param_names, symbols, values,
            lambda defs: _branch(base, status_quo, outside_options, defs), basis, defaults,
        )
        notes.extend(sens_notes)

    # ---- per side
    sides = []
    for i in (0, 1):
        shares = {c: (nash_shares[i] if c == "nash" else share_val(sol.payoffs, i)) for c, sol in solutions.items()}
        pays = {c: payoff_vals[c][i] for c in concepts}
        ordered = sorted(shares.values(), key=float)
        u = payoff_vals["nash"][i]
        loss = _simplify_num(u - d_vals[i])
        dependency = _simplify_num(loss / u) if float(u) > 0 else None
        parity_expr = _parity(ar, prob, i)
        parity = None if parity_expr is None else _simplify_num(ev(parity_expr))
        expressions: dict[str, Any] = {}
        if symbolic:
            expressions = {
                "nash_share": sympy.factor(share_exprs[i]),
                "nash_payoff": nash.payoffs[i],
                "disagreement": d[i],
            }
            if parity_expr is not None:
                expressions["parity_disagreement"] = parity_expr
        sides.append(
            SideReport(
                player=names[i], index=i, shares=FrozenMap(shares), payoffs=FrozenMap(pays),
                spread=(ordered[0], ordered[-1]), disagreement=d_vals[i], breakdown_loss=loss, dependency=dependency,
                parity_disagreement=parity, sensitivities=FrozenMap(sens[i]), threat_loss=threat_loss[i],
                expressions=FrozenMap(expressions), one_sided_sensitivities=FrozenMap(one_sided[i]),
            )
        )

    # ---- verdict
    leader, margin, verdict = _verdict(basis, transferable, names, sides)
    conditions: list[Any] = []
    for group in (branch.conditions, *(sol.conditions for sol in solutions.values()), ar.conditions):
        for c in group:
            if c not in conditions:
                conditions.append(c)
    options = {
        "share_basis": basis,
        "first_proposer": first_proposer,
        "concepts": concepts,
        "status_quo": status_quo is not None,
        "outside_options": outside_options is not None,
    }
    prov = Provenance.make("bargaining.power_report", options, input_digest=prob.digest(),
                           libraries=("numpy", "sympy", "scipy"))
    return PowerReport(
        players=names, sides=(sides[0], sides[1]), concepts=concepts, share_basis=basis,
        solutions=FrozenMap(solutions), rubinstein=rub, status_quo=d_vals, threat=FrozenMap(threat_out),
        parameters=FrozenMap((k, _simplify_num(evaluate(_param_value(v)))) for k, v in sorted(defaults.items())
                             if k in {s.name for s in symbols} or k in given),
        leader=leader, margin=margin, verdict=verdict, conditions=tuple(conditions), notes=tuple(notes),
        provenance=prov, transferable=transferable,
    )


# ---------------------------------------------------------------------- shares and the verdict
def _share(basis: str, u: Point, d: Point, ideal: Point, i: int) -> Any:
    """Side ``i``'s share of the payoffs ``u`` under ``basis`` (see the module docstring)."""
    if basis == "payoff":
        return u[i] / (u[0] + u[1])
    if basis == "gain":
        return (u[i] - d[i]) / ((u[0] - d[0]) + (u[1] - d[1]))
    return (u[i] - d[i]) / (ideal[i] - d[i])


def _denominator(basis: str, u: Point, d: Point, ideal: Point, i: int) -> Any:
    """The denominator of side ``i``'s share of ``u`` (so a payoff change over it is a share change)."""
    if basis == "payoff":
        return u[0] + u[1]
    if basis == "gain":
        return (u[0] - d[0]) + (u[1] - d[1])
    return ideal[i] - d[i]


def _verdict(basis: str, transferable: bool, names: tuple[str, str], sides: list[SideReport]) -> tuple[Any, Any, str]:
    """``(leader, margin, verdict)`` from the two sides' Nash shares under ``basis``."""
    n0, n1 = sides[0].shares["nash"], sides[1].shares["nash"]
    exact = isinstance(n0, Fraction) and isinstance(n1, Fraction)
    if exact:
        leader = None if n0 == n1 else (0 if n0 > n1 else 1)
    else:  # float shares: within 1e-9 counts as equal
        diff = float(n0) - float(n1)
        leader = None if abs(diff) <= 1e-9 else (0 if diff > 0 else 1)
    zero: Any = Fraction(0) if exact else 0.0
    if basis == "ideal":
        how = "(gains over the disagreement point, each in its own unit)"
        if leader is None:
            return None, zero, (f"Neither side holds the table: under Nash bargaining each side gets "
                                f"{_pct(n0)} of its own ideal gain {how}")
        lead, other = sides[leader], sides[1 - leader]
        margin = _simplify_num((lead.shares["nash"] - other.shares["nash"]) / 2)
        return leader, margin, (
            f"{lead.player} holds the table: under Nash bargaining it gets {_pct(lead.shares['nash'])} of its own "
            f"ideal gain, {other.player} {_pct(other.shares['nash'])} of its own {how}"
        )
    if basis == "payoff":
        what = "of the surplus" if transferable else "of the total payoff (payoffs compared in a common unit)"
    else:
        what = "of the gains from agreement" + ("" if transferable else " (gains compared in a common unit)")
    if leader is None:
        whose = f"{names[0]}'s "
        return None, zero, (f"Neither side holds the table: an even split {what} under Nash bargaining "
                            f"({_spread(sides[0].spread, whose)})")
    side = sides[leader]
    margin = _simplify_num((side.shares["nash"] - sides[1 - leader].shares["nash"]) / 2)
    return leader, margin, (f"{side.player} holds the table: {_pct(side.shares['nash'])} {what} under Nash "
                            f"bargaining ({_spread(side.spread)})")


# ---------------------------------------------------------------------- the Nash branch and its derivatives
@dataclass(frozen=True)
class _Branch:
    """The problem (status quo raised to the options) at some parameter values, its Nash solution, and
    every condition the Nash share's closed form depends on."""

    base: BargainingProblem
    sq: BargainingProblem
    prob: BargainingProblem
    nash: BargainingSolution
    conditions: tuple[Any, ...]


def _branch(
    base: BargainingProblem, status_quo: Sequence[Any] | None, outside_options: Sequence[Any] | None,
    defaults: Mapping[str, Any],
) -> _Branch:
    if base.symbols:
        own = {s.name for s in base.symbols}
        base = base.with_parameters({k: v for k, v in defaults.items() if k in own})
    sq = base
    if status_quo is not None:
        point = _pair(status_quo, "status_quo")
        sq = _checked("status_quo", point, lambda: _with_d(base, point, defaults))
    prob = sq
    extra: list[Any] = []
    if outside_options is not None:
        o = _pair(outside_options, "outside_options")
        raised = _pairwise_max(sq, sq.disagreement, o, "outside_options", defaults)
        extra = _option_conditions(sq, o, defaults)
        prob = _checked("outside_options", o, lambda: _with_d(sq, raised, defaults))
    nash = CONCEPTS["nash"](prob)
    conditions: list[Any] = []
    for c in (*prob.conditions, *nash.conditions, *extra):
        if c not in conditions:
            conditions.append(c)
    return _Branch(base, sq, prob, nash, tuple(conditions))


def _checked(what: str, point: Sequence[Any], build: Any) -> BargainingProblem:
    """``build()``, with an error that names the argument ``what`` and the point it gave."""
    try:
        return build()
    except BargainingError as exc:
        shown = f"({_show(point[0])}, {_show(point[1])})"
        raise BargainingError(f"{what}: the point {shown} does not work as a disagreement point: {exc}") from None


def _option_conditions(sq: BargainingProblem, o: Point, defaults: Mapping[str, Any]) -> list[Any]:
    """The decisions ``o_i > d_i`` (or a tie) behind ``max(status quo, option)``, as recorded conditions."""
    d = sq.disagreement
    if detect_kind([*d, *o]) != "symbolic":
        return []
    syms: set[sympy.Symbol] = set()
    for v in (*d, *o):
        if isinstance(v, sympy.Basic):
            syms |= v.free_symbols  # type: ignore[arg-type]
    ar = Arith("symbolic", values=parameter_values(dict(defaults), syms))
    for i in (0, 1):
        ar.sign(ar.convert(o[i], f"outside_options[{i}]") - ar.convert(d[i], f"disagreement[{i}]"))
    return list(ar.conditions)


def _share_exprs(basis: str, branch: _Branch) -> tuple[Any, Any]:
    p = branch.prob
    u, d, ideal = branch.nash.payoffs, p.disagreement, p.ideal_point()
    return tuple(sympy.cancel(as_expr(_share(basis, u, d, ideal, i))) for i in (0, 1))  # type: ignore[return-value]


def _sensitivities(
    branch: _Branch, exprs: list[Any], shares: list[Any], names: list[str], symbols: set[sympy.Symbol],
    values: Mapping[sympy.Symbol, Any], rebuild: Any, basis: str, defaults: Mapping[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, tuple[Any, Any]]], list[str]]:
    """Each side's derivative of its Nash share with respect to each parameter (module docstring)."""
    by_name = {s.name: s for s in symbols}
    equalities = _onesided.equality_symbols(branch.conditions)
    ties = set(equalities)
    for e in exprs:
        ties |= _onesided.tie_symbols(e, values)
    sens: list[dict[str, Any]] = [{}, {}]
    sides: list[dict[str, tuple[Any, Any]]] = [{}, {}]
    agreed: list[str] = []
    kinked: list[str] = []
    failed: list[str] = []
    for pname in names:
        sym = by_name.get(pname)
        if sym is None:
            for i in (0, 1):
                sens[i][pname] = Fraction(0)
            continue
        if sym not in ties:
            for i in (0, 1):
                sens[i][pname] = _simplify_num(evaluate(sympy.diff(exprs[i], sym), values))
            continue
        left = _one_sided(sym, -1, values, shares, rebuild, basis, defaults)
        right = _one_sided(sym, 1, values, shares, rebuild, basis, defaults)
        if left is None or right is None:
            failed.append(pname)
        for i in (0, 1):  # each side's share on its own: one may be smooth where the other has a kink
            if left is not None and right is not None and _same(left[i], right[i]):
                sens[i][pname] = left[i]
            else:
                sens[i][pname] = None
                sides[i][pname] = (None if left is None else left[i], None if right is None else right[i])
        if left is not None and right is not None:
            (kinked if any(sens[i][pname] is None for i in (0, 1)) else agreed).append(pname)
    notes = []
    recorded = [n for n in agreed if by_name[n] in equalities]
    switches = [n for n in agreed if by_name[n] not in equalities]
    if recorded:
        notes.append(
            f"the defaults sit on a tie for {recorded} (a recorded equality, see the conditions): the closed forms "
            "there hold only on that surface, so these sensitivities come from the branches on either side of the "
            "defaults, whose derivatives agree"
        )
    if switches:
        notes.append(
            f"the defaults sit on a tie for {switches} (a max/min in the closed forms switches branch there): "
            "these sensitivities come from the branches on either side of the defaults, whose derivatives agree"
        )
    if kinked:
        notes.append(
            f"a Nash share has a kink at the defaults in {kinked}: where the left and right derivatives differ no "
            "derivative is given (sensitivities None) and one_sided_sensitivities lists both (left, right)"
        )
    if failed:
        notes.append(
            f"the defaults sit on a tie for {failed} and the branch on one side could not be determined: no "
            "derivative is given (sensitivities None; one_sided_sensitivities has the side found, if any)"
        )
    return sens, sides, notes


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


#: Relative steps (times ``max(1, |p0|)``) at which the branch beside a tie is looked for.
_STEPS = (Fraction(1, 10**6), Fraction(1, 10**12), Fraction(1, 10**24))


def _one_sided(
    sym: sympy.Symbol, sigma: int, values: Mapping[sympy.Symbol, Any], shares: list[Any], rebuild: Any,
    basis: str, defaults: Mapping[str, Any],
) -> tuple[Any, Any] | None:
    """Both sides' derivatives of the Nash share with respect to ``sym`` just to one side of its default
    (``sigma`` = -1: left, +1: right), or ``None`` when no branch could be shown to hold there."""
    p0 = values[sym]
    others = {s: v for s, v in values.items() if s != sym}
    side = _onesided.Side(sym, p0, sigma, others)
    exact = bool(getattr(p0, "is_Rational", False))
    for step in _STEPS:
        if exact:
            q = Fraction(int(p0.p), int(p0.q))
            moved: Any = q + sigma * step * max(Fraction(1), abs(q))
        else:
            moved = float(p0) + sigma * float(step) * max(1.0, abs(float(p0)))
            if moved == float(p0):
                return None
        try:
            br = rebuild({**dict(defaults), sym.name: moved})
            if not all(side.truth(c) for c in br.conditions):
                continue
            out = []
            for i, e in enumerate(_share_exprs(basis, br)):
                f = side.resolve(side.substitute(e))
                at = _simplify_num(evaluate(f.subs(sym, p0)))
                if not _same(at, shares[i]):  # not continuous at the default: not this branch
                    raise _onesided.Undecided("discontinuous")
                out.append(_simplify_num(evaluate(sympy.diff(f, sym).subs(sym, p0))))
            return (out[0], out[1])
        except (BargainingError, _onesided.Undecided, ZeroDivisionError, TypeError, ValueError):
            continue
    return None


# ---------------------------------------------------------------------- pieces
def _is_symbolic_any(*pairs: Point) -> bool:
    return any(is_symbolic(v) for p in pairs for v in p)


def _sum(p: Point) -> Any:
    return p[0] + p[1]


def _param_value(v: Any) -> Any:
    from ..numeric import to_fraction

    if isinstance(v, (float, sympy.Float)):
        return float(v)
    return to_fraction(v)


def _simplify_num(x: Any) -> Any:
    """Numbers as ``Fraction`` (exact) or ``float``; sympy numbers converted."""
    if isinstance(x, sympy.Basic):
        return evaluate(x)
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    return x


def _with_d(problem: BargainingProblem, d: Sequence[Any], defaults: Mapping[str, Any]) -> BargainingProblem:
    """``problem.with_disagreement(d)`` keeping every default a symbolic ``d`` needs."""
    syms = set()
    for v in d:
        if isinstance(v, sympy.Basic):
            syms |= v.free_symbols
    if not syms:
        return problem.with_disagreement(d)
    names = {s.name for s in syms} | {s.name for s in problem.symbols}
    params = {k: v for k, v in defaults.items() if k in names}
    if problem.kind == "transferable":
        return BargainingProblem.transferable(
            problem.surplus, d, players=problem.players, parameters=params, title=problem.title, strict=False
        )
    out = BargainingProblem._build(
        problem.players, list(problem.frontier), (d[0], d[1]), parameters=params, title=problem.title,
        game=problem.game, strict=False,
    )
    return dataclasses.replace(out, points=problem.points)


def _threat_points(threat: Any, names: tuple[str, str]) -> dict[str, tuple[Any, Any]]:
    if threat is None:
        return {}
    if isinstance(threat, Mapping):
        out: dict[str, tuple[Any, Any]] = {}
        for key, point in threat.items():
            if isinstance(key, str) and key in names:
                who = key
            elif key in (0, 1) and not isinstance(key, bool):
                who = names[int(key)]
            else:
                raise BargainingError(f"threat: unknown party {key!r}; parties are {list(names)} (or 0, 1)")
            out[who] = _pair(point, f"threat[{key!r}]")
        return out
    return {"threat": _pair(threat, "threat")}


#: Units of player 0's and player 1's payoffs (per-player float tolerances, see ``_numbers.Arith``).
_UNIT = (U0, U1)


def _parity(ar: Arith, problem: BargainingProblem, i: int) -> Any:
    """Disagreement payoff of player ``i`` closest to its current one at which the symmetric Nash
    solution gives equal payoffs (the other's disagreement payoff fixed); ``None`` if none does."""
    j = 1 - i
    d = problem.disagreement
    if problem.kind == "transferable":
        s = problem.surplus
        # N(d) is equal payoffs iff d_0 = d_1; feasible iff s > 2 d_j
        if ar.sign(s - 2 * d[j]) <= 0:
            return None
        return d[j]
    V = problem.frontier
    g = [V[k][0] - V[k][1] for k in range(len(V))]
    if ar.sign(g[0]) > 0 or ar.sign(g[-1]) < 0:
        return None
    # locate E = the frontier point with equal payoffs, and the segments on each side of it
    left: tuple[Any, Any] | None = None  # (a, b) of the segment left of E (None: flat top)
    right: tuple[Any, Any] | None = None  # segment right of E (None: vertical end)
    E: Point | None = None
    for k in range(len(V)):
        sk = ar.sign(g[k])
        if sk == 0:
            E = V[k]
            if k > 0:
                left = (V[k - 1][1] - V[k][1], V[k][0] - V[k - 1][0])
            if k < len(V) - 1:
                right = (V[k][1] - V[k + 1][1], V[k + 1][0] - V[k][0])
            break
        if sk < 0 and k + 1 < len(V) and ar.sign(g[k + 1]) > 0:
            a, b = V[k][1] - V[k + 1][1], V[k + 1][0] - V[k][0]
            c = a * V[k][0] + b * V[k][1]
            E = (ar.tidy(c / (a + b)), ar.tidy(c / (a + b)))
            left = right = (a, b)
            break
    if E is None:  # pragma: no cover - g is increasing and changes sign
        return None
    if ar.sign(E[j] - d[j], units=_UNIT[j]) <= 0:
        return None
    # {N_0 >= E_0} = {a_L d0 - b_L d1 >= a_L E0 - b_L E1};  {N_0 <= E_0} = {a_R d0 - b_R d1 <= ...}
    lo = hi = None
    if i == 0:
        if left is not None:
            lo = E[0] - left[1] * (E[1] - d[1]) / left[0]
        if right is not None:
            hi = E[0] - right[1] * (E[1] - d[1]) / right[0]
    else:
        if right is not None:
            lo = E[1] - right[0] * (E[0] - d[0]) / right[1]
        if left is not None:
            hi = E[1] - left[0] * (E[0] - d[0]) / left[1]
    current = d[i]
    if lo is not None and ar.cmp(current, lo, units=_UNIT[i]) < 0:
        return ar.tidy(lo)
    if hi is not None and ar.cmp(current, hi, units=_UNIT[i]) > 0:
        return ar.tidy(hi)
    return current


def _option_value(ar: Arith, x: Any, k: int, defaults: Mapping[str, Any]) -> Any:
    """Outside option ``k`` in the problem's arithmetic; a symbolic option of a numeric problem is taken
    at its parameter value (as the status quo raised to the options is)."""
    if ar.kind != "symbolic" and isinstance(x, sympy.Basic) and x.free_symbols:
        x = evaluate(x, parameter_values(defaults, x.free_symbols))
    return ar.convert(x, f"outside_options[{k}]")


def _rubinstein(
    problem: BargainingProblem, discount_factors: Sequence[Any], first_proposer: int,
    outside_options: Sequence[Any] | None, defaults: Mapping[str, Any],
) -> tuple[Any, BargainingSolution | None, str]:
    """Rubinstein's game on a one-segment frontier, rescaled to transferable utility."""
    from .rubinstein import rubinstein

    chain, d = problem.bargaining_set, problem.disagreement
    ar = problem.arith()
    if len(chain) != 2 or ar.cmp(chain[0][0], d[0], units=U0) != 0 or ar.cmp(chain[1][1], d[1], units=U1) != 0:
        return None, None, (
            "alternating offers are solved here for a linear frontier (transferable utility up to scale) "
            "spanning the disagreement point; this problem's frontier has kinks or flat parts"
        )
    P, Q = chain
    a, b = P[1] - Q[1], Q[0] - P[0]
    # on the segment g0 + (b/a)*g1 = G: measure player 1's gains in player 0's units (TU after rescaling)
    G = ar.tidy(Q[0] - d[0])
    scales = (ar.num(1), ar.tidy(b / a))
    opts = None
    if outside_options is not None:
        o = _pair(outside_options, "outside_options")
        opts = tuple(ar.tidy(scales[k] * (_option_value(ar, o[k], k, defaults) - d[k])) for k in (0, 1))
    symbols = set(problem.symbols)
    for v in (*discount_factors, *(opts or ())):
        if isinstance(v, sympy.Basic):
            symbols |= v.free_symbols
    params = {k: v for k, v in defaults.items() if k in {s.name for s in symbols}} or None
    kind = detect_kind([*discount_factors, G])
    if kind == "symbolic" and ar.kind != "symbolic":
        G = as_expr(G)
    try:
        r = rubinstein(
            discount_factors, first_proposer, surplus=G, outside_options=opts, players=problem.players,
            parameters=params, strict=False,
        )
    except BargainingError as exc:
        if "breakdown_probability" not in str(exc):
            raise
        # power_report has no breakdown probability: say what it accepts, and where the option lives
        raise BargainingError(
            f"power_report: discount_factors must each be in (0, 1), got {tuple(discount_factors)!r}; a factor of 1 "
            "needs a breakdown probability, which power_report does not take (call "
            "negotiation.bargaining.rubinstein(..., breakdown_probability=p) directly)"
        ) from None
    point = (ar.tidy(d[0] + r.shares[0]), ar.tidy(d[1] + r.shares[1] / scales[1]))
    sol = _make("rubinstein", point, problem, problem.arith(), {"discount_factors": tuple(discount_factors),
                                                                "first_proposer": first_proposer})
    return r, sol, ""
