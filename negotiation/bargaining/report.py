"""The power report: who holds the negotiating table, by how much, and why.

For a two-party deal the report puts side by side, for each party,

* its **share of the surplus** under each solution concept (Nash 1950, Kalai-Smorodinsky 1975,
  egalitarian (Kalai 1977), utilitarian, plus Nash's (1953) threat solution when the problem comes
  from a game and Rubinstein (1982) when discount factors are given) and the spread between them;
* its **disagreement payoff** and its **loss if talks break down** (Nash payoff minus disagreement
  payoff; *dependency* is that loss as a fraction of its Nash payoff);
* the **parity point**: the disagreement payoff (outside option) at which the symmetric Nash
  solution would give both parties equal payoffs, all else fixed (solved exactly);
* its **sensitivity** to each parameter of a symbolic problem: the derivative of its Nash share,
  computed by sympy and evaluated at the parameter defaults (never by finite differences);
* the share it **loses to the other side's repricing threat**: its Nash share at the status quo
  minus its Nash share when the disagreement point is the threat point;
* a one-line **verdict**: who holds the table and by how much.

Share of the surplus
--------------------
``share_basis="payoff"`` measures a party's share as ``u_i / (u_0 + u_1)``: its part of the total
value of the agreement (the surplus ``s`` of a transferable-utility problem ``u_0 + u_1 <= s``).
This is where disagreement payoffs and outside options show: with a pie of 10 and an outside
option of 4 against 0, the Nash solution gives 7 and 3, a 70% share. ``share_basis="gain"``
measures ``(u_i - d_i) / (sum of gains)``, the share of the *gains from agreement*, which is the
only meaningful reading when payoffs are not on a common non-negative scale. ``"auto"`` (default)
uses ``"payoff"`` when every payoff involved is non-negative and ``"gain"`` otherwise; the report
says which it used.

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
from ._numbers import Arith, FrozenMap, as_expr, detect_kind, evaluate, is_symbolic, json_number, parameter_values
from .problem import BargainingProblem, Point, _name, _pair, _pairwise_max, _players
from .solutions import CONCEPTS, BargainingSolution, _make

__all__ = ["PowerReport", "SideReport", "power_report"]

SHARE_BASES = ("auto", "payoff", "gain")


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
        Concept name -> share of the surplus (see the module docstring for the basis).
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
        Parameter name -> derivative of its Nash share at the defaults (symbolic problems).
    threat_loss:
        Its Nash share at the status quo minus its Nash share under the other side's threat
        (``None`` without a threat point).
    expressions:
        Closed forms (sympy) of its Nash share and payoff and of the parity point (symbolic
        problems; empty otherwise).
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
        ``"payoff"`` or ``"gain"``.
    solutions:
        Concept name -> :class:`~negotiation.bargaining.solutions.BargainingSolution`.
    rubinstein:
        The :class:`~negotiation.bargaining.rubinstein.RubinsteinResult` when discount factors
        were given and the problem has transferable utility, else ``None``.
    status_quo:
        The disagreement point used (after outside options), at the defaults.
    threat:
        Threat point(s) compared with the status quo: threatening party's name (``"threat"``
        when not said) -> point.
    parameters:
        The parameter defaults the numbers are evaluated at (symbolic problems).
    leader:
        Index of the party with the larger Nash share, ``None`` for an even split.
    margin:
        Leader's Nash share minus one half (0 for an even split).
    verdict:
        One line: who holds the table and by how much.
    conditions:
        sympy relations under which the closed forms of a symbolic problem hold.
    notes:
        What was assumed, skipped or restricted.
    provenance:
        Method, options and versions.
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

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form: fixed key order, exact numbers as ``"p/q"``, floats rounded."""
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
        basis = (
            "share of the surplus = u_i / (u_0 + u_1)"
            if self.share_basis == "payoff"
            else "share of the gains from agreement = (u_i - d_i) / (sum of gains)"
        )
        width = max(24, *(len(c) + 2 for c in self.concepts))
        col = max(12, len(p0) + 2, len(p1) + 2)

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
            lines += ["", "Sensitivity of the Nash share to each parameter (derivative at the defaults)"]
            for name in s0.sensitivities:
                lines.append(row(name, _num(s0.sensitivities[name]), _num(s1.sensitivities[name])))
        if self.parameters:
            lines += ["", "Parameters: " + ", ".join(f"{k} = {_num(v)}" for k, v in self.parameters.items())]
        if self.rubinstein is not None:
            lines += ["", f"Rubinstein: {self.rubinstein.formula}"]
        if self.conditions:
            if len(self.conditions) <= 4:
                lines += ["", "Closed forms valid where: " + ", ".join(str(c) for c in self.conditions)]
            else:
                lines += ["", f"Closed forms valid near the defaults ({len(self.conditions)} sign conditions; "
                              "see to_dict()['conditions'])"]
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
        pair (each side's loss is its Nash share at the status quo minus that at the threat point),
        or a mapping ``{party (name or index): pair}`` giving the point if *that* party carries out
        its threat (then each side's loss is measured against the other side's threat).
    outside_options:
        Each party's outside option; the disagreement point becomes ``max(status quo, option)``
        for the axiomatic concepts (threat points too), while Rubinstein applies the
        outside-option principle to the status quo.
    discount_factors:
        Per-party discount factors for Rubinstein's alternating offers (problems whose
        individually rational frontier is one line segment, i.e. transferable utility up to scale).
    first_proposer:
        Who makes the first offer in Rubinstein's game.
    parameters:
        ``{name: value}`` defaults of a symbolic problem (merged over the problem's own); every
        number is evaluated there, and the sensitivities are sympy derivatives there.
    players:
        Names to use instead of the problem's.
    share_basis:
        ``"auto"``, ``"payoff"`` or ``"gain"`` (see the module docstring).

    Returns
    -------
    PowerReport

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> deal = BargainingProblem.transferable(10, (4, 0), players=("Lab", "Owner"))
    >>> report = power_report(deal)
    >>> report.verdict
    'Lab holds the table: 70% of the surplus under Nash bargaining (spread 70-70% across concepts)'
    >>> report.sides[1].parity_disagreement
    Fraction(4, 1)

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
    for extra in (status_quo, outside_options, discount_factors):
        if extra is not None:
            inputs.extend(_pair(extra, "input"))
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
        base = base.with_parameters({k: v for k, v in defaults.items() if k in {s.name for s in base.symbols}}) \
            if base.symbols else base
    elif given:
        notes.append(f"parameters {sorted(given)} do not appear in the problem: its shares do not depend on them")
    unused = sorted(k for k in given if k not in {s.name for s in symbols})
    if unused and symbols:
        notes.append(f"parameters {unused} do not appear in the problem: sensitivities to them are 0")
    values = parameter_values(defaults, symbols)

    def ev(x: Any) -> Any:
        return evaluate(x, values) if isinstance(x, sympy.Basic) else x

    # ---- the status quo, raised to the outside options
    d0 = base.disagreement if status_quo is None else _pair(status_quo, "status_quo")
    sq_problem = base if status_quo is None else _with_d(base, d0, defaults)
    prob = sq_problem
    if outside_options is not None:
        o = _pair(outside_options, "outside_options")
        raised = _pairwise_max(sq_problem, sq_problem.disagreement, o, "outside_options", defaults)
        prob = _with_d(sq_problem, raised, defaults)
        notes.append("outside options raise the disagreement point: d_i = max(status quo_i, outside option_i)")
    d = prob.disagreement

    # ---- solutions
    solutions: dict[str, BargainingSolution] = {name: f(prob) for name, f in CONCEPTS.items()}
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
        else:
            notes.append(f"Rubinstein skipped: {why}")
    concepts = tuple(solutions)

    # ---- shares
    payoff_vals = {c: (ev(sol.payoffs[0]), ev(sol.payoffs[1])) for c, sol in solutions.items()}
    d_vals = (ev(d[0]), ev(d[1]))
    basis = share_basis
    if basis == "auto":
        nonneg = all(v >= 0 for pair in payoff_vals.values() for v in pair) and all(v >= 0 for v in d_vals)
        basis = "payoff" if nonneg else "gain"
        if not nonneg:
            notes.append("some payoffs are negative: shares are shares of the gains from agreement")
    if basis == "payoff" and any(ev(_sum(p)) <= 0 for p in payoff_vals.values()):
        raise BargainingError("share_basis='payoff' needs a positive total payoff under every concept")

    def share_expr(pair: Point, dd: Point, i: int) -> Any:
        if basis == "payoff":
            return pair[i] / (pair[0] + pair[1])
        return (pair[i] - dd[i]) / ((pair[0] - dd[0]) + (pair[1] - dd[1]))

    def share_val(pair: Point, dd: Point, i: int) -> Any:
        return _simplify_num(ev(share_expr(pair, dd, i)) if _is_symbolic_any(pair, dd) else share_expr(pair, dd, i))

    nash = solutions["nash"]
    ar = prob.arith()

    # ---- threats
    threat_loss: list[Any] = [None, None]
    threat_out: dict[str, tuple[Any, Any]] = {}
    if threat_points:
        nash_share = [share_val(nash.payoffs, d, i) for i in (0, 1)]
        for who, t in threat_points.items():
            t_problem = _with_d(sq_problem, t, defaults)
            if outside_options is not None:
                o = _pair(outside_options, "outside_options")
                t_problem = _with_d(sq_problem, _pairwise_max(sq_problem, t, o, "outside_options", defaults), defaults)
            t_nash = CONCEPTS["nash"](t_problem)
            t_shares = [share_val(t_nash.payoffs, t_problem.disagreement, i) for i in (0, 1)]
            threat_out[who] = (ev(t_problem.disagreement[0]), ev(t_problem.disagreement[1]))
            if who == "threat":
                threat_loss = [nash_share[i] - t_shares[i] for i in (0, 1)]
            else:
                victim = 1 - names.index(who)
                threat_loss[victim] = nash_share[victim] - t_shares[victim]

    # ---- per side
    sides = []
    symbolic = bool(symbols)
    param_names = sorted(set(given) | {s.name for s in symbols}) if symbolic else []
    for i in (0, 1):
        shares = {c: share_val(sol.payoffs, d, i) for c, sol in solutions.items()}
        pays = {c: payoff_vals[c][i] for c in concepts}
        ordered = sorted(shares.values(), key=float)
        u = payoff_vals["nash"][i]
        loss = _simplify_num(u - d_vals[i])
        dependency = _simplify_num(loss / u) if float(u) > 0 else None
        parity_expr = _parity(ar, prob, i)
        parity = None if parity_expr is None else _simplify_num(ev(parity_expr))
        sens: dict[str, Any] = {}
        expressions: dict[str, Any] = {}
        if symbolic:
            expr = sympy.cancel(as_expr(share_expr(nash.payoffs, d, i)))
            by_name = {s.name: s for s in symbols}
            for pname in param_names:
                sym = by_name.get(pname)
                sens[pname] = Fraction(0) if sym is None else _simplify_num(evaluate(sympy.diff(expr, sym), values))
            expressions = {
                "nash_share": sympy.factor(expr),
                "nash_payoff": nash.payoffs[i],
                "disagreement": d[i],
            }
            if parity_expr is not None:
                expressions["parity_disagreement"] = parity_expr
        sides.append(
            SideReport(
                player=names[i], index=i, shares=FrozenMap(shares), payoffs=FrozenMap(pays),
                spread=(ordered[0], ordered[-1]), disagreement=d_vals[i], breakdown_loss=loss, dependency=dependency,
                parity_disagreement=parity, sensitivities=FrozenMap(sens), threat_loss=threat_loss[i],
                expressions=FrozenMap(expressions),
            )
        )

    # ---- verdict
    n0, n1 = sides[0].shares["nash"], sides[1].shares["nash"]
    exact = isinstance(n0, Fraction) and isinstance(n1, Fraction)
    if exact:
        leader = None if n0 == n1 else (0 if n0 > n1 else 1)
    else:  # float shares: within 1e-9 counts as an even split
        diff = float(n0) - float(n1)
        leader = None if abs(diff) <= 1e-9 else (0 if diff > 0 else 1)
    what = "of the surplus" if basis == "payoff" else "of the gains from agreement"
    if leader is None:
        margin: Any = Fraction(0) if exact else 0.0
        verdict = (
            f"Neither side holds the table: an even split {what} under Nash bargaining "
            f"({names[0]}'s spread {_range(sides[0].spread)} across concepts)"
        )
    else:
        side = sides[leader]
        margin = _simplify_num(side.shares["nash"] - (Fraction(1, 2) if exact else 0.5))
        verdict = (
            f"{side.player} holds the table: {_pct(side.shares['nash'])} {what} under Nash bargaining "
            f"(spread {_range(side.spread)} across concepts)"
        )
    conditions: list[Any] = []
    for sol in solutions.values():
        for c in sol.conditions:
            if c not in conditions:
                conditions.append(c)
    for c in ar.conditions:
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
        provenance=prov,
    )


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
    if ar.sign(E[j] - d[j]) <= 0:
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
    if lo is not None and ar.cmp(current, lo) < 0:
        return ar.tidy(lo)
    if hi is not None and ar.cmp(current, hi) > 0:
        return ar.tidy(hi)
    return current


def _rubinstein(
    problem: BargainingProblem, discount_factors: Sequence[Any], first_proposer: int,
    outside_options: Sequence[Any] | None, defaults: Mapping[str, Any],
) -> tuple[Any, BargainingSolution | None, str]:
    """Rubinstein's game on a one-segment frontier, rescaled to transferable utility."""
    from .rubinstein import rubinstein

    chain, d = problem.bargaining_set, problem.disagreement
    ar = problem.arith()
    if len(chain) != 2 or ar.cmp(chain[0][0], d[0]) != 0 or ar.cmp(chain[1][1], d[1]) != 0:
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
        opts = tuple(ar.tidy(scales[k] * (ar.convert(o[k]) - d[k])) for k in (0, 1))
    symbols = set(problem.symbols)
    for v in (*discount_factors, *(opts or ())):
        if isinstance(v, sympy.Basic):
            symbols |= v.free_symbols
    params = {k: v for k, v in defaults.items() if k in {s.name for s in symbols}} or None
    kind = detect_kind([*discount_factors, G])
    if kind == "symbolic" and ar.kind != "symbolic":
        G = as_expr(G)
    r = rubinstein(
        discount_factors, first_proposer, surplus=G, outside_options=opts, players=problem.players,
        parameters=params, strict=False,
    )
    point = (ar.tidy(d[0] + r.shares[0]), ar.tidy(d[1] + r.shares[1] / scales[1]))
    sol = _make("rubinstein", point, problem, problem.arith(), {"discount_factors": tuple(discount_factors),
                                                                "first_proposer": first_proposer})
    return r, sol, ""
