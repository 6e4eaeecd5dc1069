"""Is a bargaining threat credible? A threat point of a scenario held against its game.

The power report (:func:`negotiation.bargaining.power_report`) takes a threat point as given. A
threat is credible, in the sense of subgame perfection (Selten 1965), only if carrying it out
would pay the threatener once the other side has committed. :func:`threat_checks` tests the
necessary condition visible in the strategic form: at the profiles whose payoffs are the threat
point, is the threatener's action a best reply to what the others play?

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press (credible threats).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .model.normal_form import NormalFormGame
from .report.numbers import display_amount, jsonable

__all__ = ["ThreatCheck", "threat_checks", "MAX_THREAT_PROFILES"]


@dataclass(frozen=True)
class ThreatCheck:
    """A threat of the ``[negotiation]`` section held against the game.

    The power report takes a threat point as given. This check looks for the profiles of the game
    whose payoffs are the threat point (the threat "carried out") and asks whether the threatening
    party's action there is a best reply to what the others play, i.e. whether carrying the threat
    out would pay once the other side has committed. That is a necessary condition of credibility
    in the sense of subgame perfection (Selten 1965), checked in the strategic form only. Profiles
    at which the threatener's actions all pay it the same are skipped: its choice changes nothing
    there, so no threat is carried out.

    Attributes
    ----------
    threatener:
        The threatening party, or ``None`` when the scenario does not say.
    point:
        The threat point, in the parties' order.
    verdict:
        ``"not_credible"`` (at every profile realising the point the threatener has a better
        action), ``"credible"`` (a best reply at every such profile), ``"partly"`` (at some), or
        ``"unchecked"`` (no profile realises the point, or no threatener is named).
    profiles:
        The profiles (action labels) whose payoffs are the threat point.
    findings:
        One sentence per profile.
    summary:
        One sentence for the report.
    """

    threatener: str | None
    point: tuple[Any, Any]
    verdict: str
    profiles: tuple[tuple[str, ...], ...]
    findings: tuple[str, ...]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "threatener": self.threatener,
            "point": jsonable(list(self.point)),
            "verdict": self.verdict,
            "profiles": [list(p) for p in self.profiles],
            "findings": list(self.findings),
            "summary": self.summary,
        }


def threat_checks(scenario: Any, game: NormalFormGame, overrides: Mapping[str, Any]) -> tuple[ThreatCheck, ...]:
    """A :class:`ThreatCheck` of each threat in the scenario's ``[negotiation]`` section, held
    against ``game`` (the scenario's game at the same parameter values).

    Examples
    --------
    >>> from negotiation.scenarios import load_scenario
    >>> deal = load_scenario("compute_deal")
    >>> check = threat_checks(deal, deal.game(), {})[0]
    >>> check.verdict, check.profiles
    ('not_credible', (('Accept', 'Pull'),))
    >>> check.findings
    ('against Accept, Owner gets 0.6 from Pull but 1.5 from Reprice',)
    """
    values = scenario.negotiation_values(**overrides)
    threat = values.get("threat")
    if threat is None:
        return ()
    parties = (str(values["parties"][0]), str(values["parties"][1]))
    items: list[tuple[str | None, Any]]
    if isinstance(threat, Mapping):
        items = [(str(who), point) for who, point in threat.items()]
    else:
        items = [(None, threat)]
    return tuple(_check_threat(game, parties, who, (point[0], point[1])) for who, point in items)


#: Most profiles named in a threat check's summary.
MAX_THREAT_PROFILES = 4


def _same(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return abs(float(a) - float(b)) <= tol


def _check_threat(
    game: NormalFormGame, parties: tuple[str, str], who: str | None, point: tuple[Any, Any]
) -> ThreatCheck:
    where = f"{parties[0]} {display_amount(point[0])}, {parties[1]} {display_amount(point[1])}"
    if who is None:
        return ThreatCheck(
            None, point, "unchecked", (), (),
            f"The threat point ({where}) does not name the threatening party, so its credibility is not checked: "
            "the power report assumes the threat is credible.",
        )
    if who not in game.players or any(p not in game.players for p in parties):
        return ThreatCheck(
            who, point, "unchecked", (), (),
            f"{who}'s threat (point {where}) is not checked against the game: the parties are not its players; "
            "the power report assumes the threat is credible.",
        )
    i, j = (game.players.index(p) for p in parties)
    t = game.players.index(who)
    exact = game.is_exact
    tols = (0.0,) * game.n_players if exact else game.tolerances(1e-9)  # each player's own range
    pay = game.payoffs
    profiles: list[tuple[str, ...]] = []
    findings: list[str] = []
    credible: list[bool] = []
    for idx in np.ndindex(*game.shape):
        if not (_same(pay[(i, *idx)], point[0], tols[i]) and _same(pay[(j, *idx)], point[1], tols[j])):
            continue
        own = pay[(t, *idx[:t], slice(None), *idx[t + 1:])]
        if all(_same(v, own[0], tols[t]) for v in own):  # the threatener's choice changes nothing here:
            continue  # no threat is carried out (e.g. the other side never committed)
        labels = tuple(game.actions[k][a] for k, a in enumerate(idx))
        mine = own[idx[t]]
        best_k = max(range(len(own)), key=lambda k: (own[k], -k))  # first best action
        best = own[best_k]
        is_best = mine >= best if exact else float(mine) >= float(best) - tols[t]
        against = ", ".join(lab for k, lab in enumerate(labels) if k != t)
        if len(labels) > 2:
            against = f"({against})"
        act = labels[t]
        if is_best:
            findings.append(f"against {against}, no action gives {who} more than {act} ({display_amount(mine)})")
        else:
            alt = game.actions[t][best_k]
            findings.append(f"against {against}, {who} gets {display_amount(mine)} from {act} but "
                            f"{display_amount(best)} from {alt}")
        profiles.append(labels)
        credible.append(bool(is_best))
    if not profiles:
        return ThreatCheck(
            who, point, "unchecked", (), (),
            f"{who}'s threat point ({where}) is the payoff of no profile of the game at which {who}'s action "
            "matters, so its credibility is not checked: the power report assumes the threat is credible.",
        )
    shown = "; ".join(findings[:MAX_THREAT_PROFILES])
    if len(findings) > MAX_THREAT_PROFILES:
        shown += f"; and {len(findings) - MAX_THREAT_PROFILES} more"
    named = ["(" + ", ".join(p) + ")" for p in profiles[:MAX_THREAT_PROFILES]]
    if len(profiles) > MAX_THREAT_PROFILES:
        named.append(f"{len(profiles) - MAX_THREAT_PROFILES} more")
    outcome = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    if not any(credible):
        verdict = "not_credible"
        summary = (
            f"{who}'s threat is not credible in the game: its point ({where}) is the outcome of {outcome}: "
            f"{shown}. Once the other side has committed, carrying the threat out would cost {who}; the power "
            "report takes the threat as given."
        )
    elif all(credible):
        verdict = "credible"
        summary = (
            f"{who}'s threat passes the check: its point ({where}) is the outcome of {outcome}: {shown} "
            "(carrying it out is a best reply once the other side has committed)."
        )
    else:
        verdict = "partly"
        summary = (
            f"{who}'s threat is a best reply at some of the profiles that give its point ({where}) and not at "
            f"others: {shown}. The power report takes the threat as given."
        )
    return ThreatCheck(who, point, verdict, tuple(profiles), tuple(findings), summary)
