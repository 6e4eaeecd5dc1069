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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.normal_form import NormalFormGame
from ..provenance import Provenance
from .problem import BargainingProblem

__all__ = ["PowerReport", "SideReport", "power_report"]


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
        The disagreement payoff at which the symmetric Nash solution gives both parties equal
        payoffs, the other party's fixed (``None`` if no value does).
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
        Concept name -> :class:`~negotiation.bargaining.solutions.BargainingSolution` (at the
        status quo; the Rubinstein outcome as a solution of the same problem).
    rubinstein:
        The :class:`~negotiation.bargaining.rubinstein.RubinsteinResult` when discount factors
        were given and the problem has transferable utility, else ``None``.
    status_quo:
        The disagreement point used (after outside options).
    threat:
        The threat point(s) compared with the status quo, per threatening party, or empty.
    parameters:
        The parameter defaults the numbers are evaluated at (symbolic problems).
    leader:
        Index of the party with the larger Nash share, ``None`` for an even split.
    margin:
        Leader's Nash share minus one half (0 for an even split).
    verdict:
        One line: who holds the table and by how much.
    notes:
        What was assumed, skipped or restricted.
    provenance:
        Method, options and versions.
    """

    players: tuple[str, str]
    sides: tuple[SideReport, SideReport]
    concepts: tuple[str, ...]
    share_basis: str
    solutions: Mapping[str, Any]
    rubinstein: Any
    status_quo: tuple[Any, Any]
    threat: Mapping[str, tuple[Any, Any]]
    parameters: Mapping[str, Any]
    leader: int | None
    margin: Any
    verdict: str
    notes: tuple[str, ...]
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form: fixed key order, exact numbers as ``"p/q"``, floats rounded."""
        raise NotImplementedError("power report serialization is being written")

    def to_text(self) -> str:
        """Readable multi-line text."""
        raise NotImplementedError("power report text is being written")


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
        pair (the threatened party is the one whose Nash share falls), or a mapping
        ``{party (name or index): pair}`` giving the point if *that* party carries out its threat.
    outside_options:
        Each party's outside option; the disagreement point becomes ``max(status quo, option)``
        for the axiomatic concepts, and Rubinstein applies the outside-option principle.
    discount_factors:
        Per-party discount factors for Rubinstein's alternating offers (transferable-utility
        problems only).
    first_proposer:
        Who makes the first offer in Rubinstein's game.
    parameters:
        ``{name: value}`` defaults of a symbolic problem (merged over the problem's own); every
        number is evaluated there, and the sensitivities are derivatives there.
    players:
        Names to use instead of the problem's.
    share_basis:
        ``"auto"``, ``"payoff"`` or ``"gain"`` (see the module docstring).

    Returns
    -------
    PowerReport
    """
    raise NotImplementedError("the power report is being written")
