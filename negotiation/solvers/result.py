"""The one result type of the equilibrium solvers.

Every solver returns an :class:`EquilibriumResult`: the equilibria in canonical order, each
certified by its computed regret, plus the method, arithmetic, options, a :class:`Status` saying
whether the set is proven complete, and (for degenerate two-player games) the connected
components of the equilibrium set.

Canonical order: profiles sorted by their probability vectors, players in order, larger weight on
earlier actions first (so pure equilibria on early actions come first).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..model.normal_form import NormalFormGame, Profile
from ..numeric import absolute_tolerance, format_number
from ..provenance import Provenance, freeze_options

__all__ = ["Status", "Equilibrium", "EquilibriumComponent", "EquilibriumResult", "make_result"]


class Status(str, enum.Enum):
    """How much of the equilibrium set a result is proven to contain."""

    #: Every equilibrium is listed (for degenerate games: every extreme equilibrium, and
    #: ``components`` describes the continua between them).
    COMPLETE = "complete"
    #: The listed equilibria are certified, but others may exist (e.g. Lemke–Howson, pure only).
    PARTIAL = "partial"
    #: The solver stopped at a limit (pivots, time); what is listed is certified.
    LIMIT_REACHED = "limit_reached"

    def __str__(self) -> str:
        return self.value


def _freeze(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, copy=True)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A certified (approximate, in float mode) Nash equilibrium.

    Attributes
    ----------
    strategies:
        One probability vector per player, in action order (``Fraction`` in exact mode).
    payoffs:
        Expected payoff of each player.
    regret:
        Max regret over players: exactly 0 in exact mode; the achieved value in float mode.
    players, actions:
        Names and labels, so ``eq["Row"]`` is ``{"Up": p, "Down": 1 - p}``.
    """

    strategies: Profile
    payoffs: tuple[Any, ...]
    regret: Any
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]

    @classmethod
    def certify(cls, game: NormalFormGame, strategies: Any) -> Equilibrium:
        """Build from a profile, computing payoffs and regret from the game (no trust)."""
        profile = game.profile(strategies)
        # one validation and one contraction per player give both the payoffs and the regret
        # (the same arithmetic as game.expected_payoffs and game.max_regret, at a third of the cost)
        payoffs = []
        regrets = []
        for i in range(game.n_players):
            u = game._contract_except(profile, i)
            if u.dtype == object:
                value = profile[i].dot(u)
                payoffs.append(value)
                regrets.append(max(u) - value)
            else:
                value = float(np.asarray(profile[i], dtype=float) @ u)
                payoffs.append(value)
                regrets.append(max(0.0, float(u.max() - value)))
        return cls(tuple(_freeze(s) for s in profile), tuple(payoffs), max(regrets), game.players, game.actions)

    @property
    def is_exact(self) -> bool:
        return self.strategies[0].dtype == object

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """Labels of the actions played with positive probability, per player."""
        return tuple(
            tuple(lab for lab, p in zip(labels, s) if p > 0) for labels, s in zip(self.actions, self.strategies)
        )

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    def strategy(self, player: int | str) -> dict[str, Any]:
        """``{label: probability}`` of one player (by index or name)."""
        i = player if isinstance(player, int) else self.players.index(player)
        return {lab: (p if self.is_exact else float(p)) for lab, p in zip(self.actions[i], self.strategies[i])}

    def __getitem__(self, player: int | str) -> dict[str, Any]:
        return self.strategy(player)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.strategies)

    def __len__(self) -> int:
        return len(self.strategies)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return self.players == other.players and all(
            a.shape == b.shape and bool(np.all(a == b)) for a, b in zip(self.strategies, other.strategies)
        )

    def __hash__(self) -> int:
        return hash(tuple(tuple(format_number(p, 12) for p in s) for s in self.strategies))

    def isclose(self, other: Equilibrium | Sequence[Any], atol: float = 1e-7) -> bool:
        """True when every probability differs by at most ``atol``."""
        others = other.strategies if isinstance(other, Equilibrium) else other
        return len(others) == len(self.strategies) and all(
            np.shape(b) == a.shape and np.allclose(np.asarray(a, float), np.asarray(b, float), atol=atol, rtol=0)
            for a, b in zip(self.strategies, others)
        )

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"`` strings)."""
        return {
            "strategies": {
                name: {lab: _json_number(p) for lab, p in zip(labels, s)}
                for name, labels, s in zip(self.players, self.actions, self.strategies)
            },
            "payoffs": {name: _json_number(v) for name, v in zip(self.players, self.payoffs)},
            "regret": _json_number(self.regret),
        }

    def __repr__(self) -> str:
        parts = []
        for name, labels, s in zip(self.players, self.actions, self.strategies):
            probs = ", ".join(f"{lab}: {format_number(p)}" for lab, p in zip(labels, s) if p > 0)
            parts.append(f"{name}={{{probs}}}")
        return f"Equilibrium({'; '.join(parts)}; regret={format_number(self.regret, 3)})"


def _json_number(x: Any) -> Any:
    if isinstance(x, Fraction):
        return format_number(x)
    return float(x)


@dataclass(frozen=True)
class EquilibriumComponent:
    """A connected component of the equilibrium set of a degenerate two-player game.

    ``equilibria`` are indices (into the result's ``equilibria``) of the extreme equilibria in
    the component. ``cliques`` lists maximal product sets ``X x Y`` of extreme equilibria
    (Avis et al. 2010, section 5): each clique is given as the indices of its profiles, and the
    component is the union over cliques of ``conv(X) x conv(Y)``.
    """

    equilibria: tuple[int, ...]
    cliques: tuple[tuple[int, ...], ...]

    @property
    def is_singleton(self) -> bool:
        """True when the component is one isolated equilibrium."""
        return len(self.equilibria) == 1


@dataclass(frozen=True, eq=False)
class EquilibriumResult:
    """Equilibria found by a solver, certified, with method, options and status.

    Iterating, indexing and ``len`` act on :attr:`equilibria`.
    """

    equilibria: tuple[Equilibrium, ...]
    method: str
    arithmetic: str
    status: Status
    options: Mapping[str, Any] = field(default_factory=dict)
    degenerate: bool | None = None
    components: tuple[EquilibriumComponent, ...] = ()
    notes: tuple[str, ...] = ()
    provenance: Provenance | None = None

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    @property
    def is_complete(self) -> bool:
        return self.status is Status.COMPLETE

    @property
    def max_regret(self) -> Any:
        """Largest regret over the listed equilibria (0 when none)."""
        return max((e.regret for e in self.equilibria), default=0)

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        return tuple(e for e in self.equilibria if e.is_pure)

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form."""
        return {
            "method": self.method,
            "arithmetic": self.arithmetic,
            "status": self.status.value,
            "degenerate": self.degenerate,
            "options": dict(self.options),
            "equilibria": [e.to_dict() for e in self.equilibria],
            "components": [
                {"equilibria": list(c.equilibria), "cliques": [list(q) for q in c.cliques]} for c in self.components
            ],
            "max_regret": _json_number(self.max_regret),
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }

    def __repr__(self) -> str:
        deg = " degenerate" if self.degenerate else ""
        return (
            f"<EquilibriumResult {self.method} {self.arithmetic} {self.status.value}{deg}: "
            f"{len(self.equilibria)} equilibria, max regret {format_number(self.max_regret, 3)}>"
        )


def canonical_key(strategies: Sequence[np.ndarray]) -> tuple[float, ...]:
    """Sort key of the canonical order (see module docstring)."""
    return tuple(-round(float(p), 12) for s in strategies for p in s)


def make_result(
    game: NormalFormGame,
    profiles: Sequence[Sequence[Any]],
    *,
    method: str,
    arithmetic: str,
    status: Status,
    options: Mapping[str, Any] | None = None,
    rtol: float | None = None,
    degenerate: bool | None = None,
    components: Sequence[EquilibriumComponent] = (),
    notes: Sequence[str] = (),
    libraries: tuple[str, ...] = ("numpy",),
    order: Sequence[int] | None = None,
) -> EquilibriumResult:
    """Certify, deduplicate and order raw profiles into an :class:`EquilibriumResult`.

    Every profile's regret is computed from the game. In exact mode a nonzero regret, and in float
    mode a regret above ``rtol * scale``, is a solver bug and raises :class:`SolverError`
    rather than returning a false equilibrium. Components refer to the *input* order of
    ``profiles``; they are re-indexed to the canonical order here.
    """
    eqs = [Equilibrium.certify(game, p) for p in profiles]
    atol = absolute_tolerance(game.payoffs, rtol if rtol is not None else 1e-6)
    for e in eqs:
        bad = (e.regret != 0) if isinstance(e.regret, Fraction) else (float(e.regret) > atol)
        if bad:
            raise SolverError(f"{method} produced a profile with regret {e.regret} (not an equilibrium): {e!r}")
    # dedupe (exact equality in exact mode; rounding in float mode), keep first occurrence
    keys = [canonical_key(e.strategies) for e in eqs]
    first: dict[tuple[float, ...], int] = {}
    remap: dict[int, int] = {}
    for k, key in enumerate(keys):
        remap[k] = first.setdefault(key, k)
    unique = sorted(set(remap.values()), key=lambda k: keys[k])
    position = {k: pos for pos, k in enumerate(unique)}
    new_index = {k: position[remap[k]] for k in range(len(eqs))}
    comps = tuple(
        EquilibriumComponent(
            tuple(sorted({new_index[k] for k in c.equilibria})),
            tuple(sorted(tuple(sorted({new_index[k] for k in q})) for q in c.cliques)),
        )
        for c in components
    )
    comps = tuple(sorted(comps, key=lambda c: c.equilibria))
    frozen = freeze_options(options)
    prov = Provenance.make(method, frozen, input_digest=game.digest(), libraries=libraries)
    return EquilibriumResult(
        tuple(eqs[k] for k in unique), method, arithmetic, status, frozen, degenerate, comps, tuple(notes), prov
    )
