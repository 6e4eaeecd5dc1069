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
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..model.normal_form import NormalFormGame, Profile, is_mixed
from ..numeric import format_number
from ..provenance import Provenance, freeze_options, library_versions

__all__ = ["Status", "Equilibrium", "EquilibriumComponent", "EquilibriumResult", "make_result"]


class Status(str, enum.Enum):  # noqa: UP042 - keep the str mixin's behaviour
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
    regrets:
        Each player's regret, in its own payoffs (each is certified against its player's payoff
        range: :meth:`NormalFormGame.tolerances`).
    """

    strategies: Profile
    payoffs: tuple[Any, ...]
    regret: Any
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    regrets: tuple[Any, ...] = ()

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
        return cls(tuple(_freeze(s) for s in profile), tuple(payoffs), max(regrets), game.players, game.actions,
                   tuple(regrets))

    @property
    def is_exact(self) -> bool:
        return self.strategies[0].dtype == object

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """Labels of the actions played with positive probability, per player."""
        return tuple(
            tuple(lab for lab, p in zip(labels, s, strict=True) if p > 0)
            for labels, s in zip(self.actions, self.strategies, strict=True)
        )

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    def strategy(self, player: int | str) -> dict[str, Any]:
        """``{label: probability}`` of one player (by index or name)."""
        i = player if isinstance(player, int) else self.players.index(player)
        exact = self.is_exact
        return {lab: (p if exact else float(p)) for lab, p in zip(self.actions[i], self.strategies[i], strict=True)}

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
            a.shape == b.shape and bool(np.all(a == b)) for a, b in zip(self.strategies, other.strategies, strict=True)
        )

    def __hash__(self) -> int:
        return hash(tuple(tuple(format_number(p, 12) for p in s) for s in self.strategies))

    def isclose(self, other: Equilibrium | Sequence[Any], atol: float = 1e-7) -> bool:
        """True when every probability differs by at most ``atol``."""
        others = other.strategies if isinstance(other, Equilibrium) else other
        return len(others) == len(self.strategies) and all(
            np.shape(b) == a.shape and np.allclose(np.asarray(a, float), np.asarray(b, float), atol=atol, rtol=0)
            for a, b in zip(self.strategies, others, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"`` strings)."""
        return {
            "strategies": {
                name: {lab: _json_number(p) for lab, p in zip(labels, s, strict=True)}
                for name, labels, s in zip(self.players, self.actions, self.strategies, strict=True)
            },
            "payoffs": {name: _json_number(v) for name, v in zip(self.players, self.payoffs, strict=True)},
            "regret": _json_number(self.regret),
        }

    def __repr__(self) -> str:
        parts = []
        for name, labels, s in zip(self.players, self.actions, self.strategies, strict=True):
            probs = ", ".join(f"{lab}: {format_number(p)}" for lab, p in zip(labels, s, strict=True) if p > 0)
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
    """Sort key of the canonical order (see module docstring): minus the probabilities, players in
    order, rounded to 12 decimals (``numpy.round``, as :func:`canonical_keys`)."""
    return canonical_keys([strategies])[0]


def canonical_keys(profiles: Sequence[Sequence[np.ndarray]]) -> list[tuple[float, ...]]:
    """:func:`canonical_key` of many profiles of one game, rounded in one numpy call."""
    if not profiles:
        return []
    flat = np.array([np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in profiles], dtype=float)
    return [tuple(row) for row in (-np.round(flat, 12)).tolist()]


def _certify_bimatrix_floats(
    game: NormalFormGame, profiles: Sequence[Sequence[Any]]
) -> tuple[list[Equilibrium], list[tuple[float, ...]]] | None:
    """:meth:`Equilibrium.certify` for many float profiles of a two-player float game at once.

    The same checks (shapes, finite, no entry below ``-1e-12``, sums within ``1e-9`` of one,
    negative rounding clipped to zero) and the same payoffs and regrets, from two matrix products
    for the whole batch. Returns the equilibria and their :func:`canonical_key`, or ``None`` when
    the batch does not apply (another kind of game or profile) or some profile fails a check; the
    caller then certifies one by one, which raises the precise error.
    """
    if game.n_players != 2 or game.is_exact or not profiles:
        return None
    m, n = game.shape
    rows: list[np.ndarray] = []
    for p in profiles:
        pair = _float_pair(p, m, n)
        if pair is None:
            return None
        rows.extend(pair)
    Z = np.concatenate(rows).reshape(len(profiles), m + n).astype(float, copy=False)
    sums = np.add.reduceat(Z, [0, m], axis=1)
    # NaN fails every comparison, so these also reject non-finite entries
    if not (Z.min() >= -1e-12 and Z.max() < np.inf and np.abs(sums - 1.0).max() <= 1e-9):
        return None
    np.maximum(Z, 0.0, out=Z)
    Z.setflags(write=False)
    X, Y = Z[:, :m], Z[:, m:]
    A, B = game.bimatrix()
    U = Y @ A.T  # row player's payoff of each action against y
    V = X @ B  # column player's payoff of each action against x
    pay_x = np.einsum("ij,ij->i", X, U)
    pay_y = np.einsum("ij,ij->i", Y, V)
    reg_x = np.maximum(U.max(axis=1) - pay_x, 0.0)
    reg_y = np.maximum(V.max(axis=1) - pay_y, 0.0)
    players, actions = game.players, game.actions
    eqs = [
        Equilibrium((X[e], Y[e]), (px, py), max(rx, ry), players, actions, (rx, ry))
        for e, (px, py, rx, ry) in enumerate(zip(pay_x.tolist(), pay_y.tolist(), reg_x.tolist(), reg_y.tolist(),
                                                  strict=True))
    ]
    keys = [tuple(row) for row in (-np.round(Z, 12)).tolist()]
    return eqs, keys


def _float_pair(profile: Any, m: int, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``(x, y)`` when ``profile`` is a pair of float arrays of shapes ``(m,)`` and ``(n,)``, else ``None``."""
    if not isinstance(profile, (tuple, list)) or len(profile) != 2:
        return None
    x, y = profile
    if (isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.dtype.kind == "f" and y.dtype.kind == "f"
            and x.shape == (m,) and y.shape == (n,)):
        return x, y
    return None


@functools.lru_cache(maxsize=64)
def _ones(k: int) -> np.ndarray:
    """A read-only vector of ``k`` ones (sums as dot products)."""
    v = np.ones(k)
    v.setflags(write=False)
    return v


def _certify_bimatrix_pair(game: NormalFormGame, profile: Sequence[Any]) -> Equilibrium | None:
    """:func:`_certify_bimatrix_floats` for one profile (same checks, same values) without the batch's
    array bookkeeping, which is most of the cost of a batch of one; ``None`` when it does not apply."""
    if game.n_players != 2 or game.is_exact:
        return None
    m, n = game.shape
    pair = _float_pair(profile, m, n)
    if pair is None:
        return None
    x, y = pair
    z = np.concatenate((x, y))
    # Per call, numpy's reductions (min, sum, max) cost ~1 us each on short vectors, argmin/argmax
    # and dot a third of that: the same checks and values through the cheaper calls. argmin and argmax
    # return the first NaN, and NaN fails every comparison, so non-finite entries are rejected.
    if not (z[z.argmin()] >= -1e-12 and abs(x.dot(_ones(m)) - 1.0) <= 1e-9 and abs(y.dot(_ones(n)) - 1.0) <= 1e-9):
        return None
    np.maximum(z, 0.0, out=z)
    z.setflags(write=False)
    x, y = z[:m], z[m:]  # read-only views
    A, B = game.payoffs
    # ndarray.dot: the same products as ``@`` for 1-d and 2-d operands, with less call overhead
    U = A.dot(y)  # row player's payoff of each action against y
    V = x.dot(B)  # column player's payoff of each action against x
    px, py = float(x.dot(U)), float(V.dot(y))
    rx, ry = max(float(U[U.argmax()]) - px, 0.0), max(float(V[V.argmax()]) - py, 0.0)
    return Equilibrium((x, y), (px, py), max(rx, ry), game.players, game.actions, (rx, ry))


def _certify_pure(game: NormalFormGame, profiles: Sequence[Any]) -> list[Equilibrium] | None:
    """:meth:`Equilibrium.certify` for profiles of pure actions given by index, read off the table.

    A pure profile's payoffs and each player's payoff of every own action against it are entries
    and axis slices of the payoff table, so no contraction is needed; the values equal the
    contraction's (products with 1 and sums with 0 are exact). ``None`` when some profile is not
    a tuple of in-range action indices (the caller then certifies one by one).
    """
    n, shape = game.n_players, game.shape
    for p in profiles:
        if not (isinstance(p, tuple) and len(p) == n and all(
            isinstance(a, (int, np.integer)) and not isinstance(a, bool) and 0 <= a < k
            for a, k in zip(p, shape, strict=True)
        )):
            return None
    table, exact = game.payoffs, game.is_exact
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    eqs = []
    for p in profiles:
        payoffs, regrets = [], []
        for i in range(n):
            own = table[(i, *p[:i], slice(None), *p[i + 1:])]  # player i's payoff of each own action
            value = own[p[i]]
            payoffs.append(value if exact else float(value))
            regrets.append(max(own) - value if exact else max(0.0, float(own.max() - value)))
        strategies = []
        for a, k in zip(p, shape, strict=True):
            s = np.full(k, zero, dtype=object if exact else float)
            s[a] = one
            s.setflags(write=False)
            strategies.append(s)
        eqs.append(Equilibrium(tuple(strategies), tuple(payoffs), max(regrets), game.players, game.actions,
                               tuple(regrets)))
    return eqs


def _exceeds(regrets: Sequence[Any], tolerances: Sequence[float]) -> bool:
    """True when some player's regret is above its tolerance."""
    for r, t in zip(regrets, tolerances):  # noqa: B905 - one of each per player
        if r > t:
            return True
    return False


def _reindexed(c: EquilibriumComponent, new_index: Mapping[int, int]) -> EquilibriumComponent:
    """A component with its equilibrium indices mapped through ``new_index``."""
    if len(c.equilibria) == 1 and c.cliques == (c.equilibria,):  # the common singleton
        k = (new_index[c.equilibria[0]],)
        return EquilibriumComponent(k, (k,))
    return EquilibriumComponent(
        tuple(sorted({new_index[k] for k in c.equilibria})),
        tuple(sorted(tuple(sorted({new_index[k] for k in q})) for q in c.cliques)),
    )


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
    source: NormalFormGame | None = None,
) -> EquilibriumResult:
    """Certify, deduplicate and order raw profiles into an :class:`EquilibriumResult`.

    Every profile's regret is computed from the game. In exact mode a nonzero regret, and in float
    mode a regret above ``rtol * scale`` (plus float64's rounding allowance for a mixed profile, see
    :meth:`NormalFormGame.tolerance`), is a solver bug and raises :class:`SolverError`
    rather than returning a false equilibrium. Duplicates are dropped: in exact mode profiles with
    equal probabilities, in float mode profiles equal to 12 decimals (so float profiles closer than
    that count as one). Components refer to the *input* order of ``profiles``; they are re-indexed
    to the canonical order here.

    ``game`` is the game the profiles are certified in (e.g. a solver's exact or float conversion);
    ``source`` the game the caller was given (default ``game``), whose digest the provenance records.
    The digest is computed when the provenance is first read, so the result keeps ``source`` until then
    (never a conversion made for the solve).
    """
    single = _certify_bimatrix_pair(game, profiles[0]) if len(profiles) == 1 else None
    keys: list[tuple[float, ...]] | None = None
    if single is not None:
        eqs = [single]
    else:
        batch = _certify_bimatrix_floats(game, profiles)
        if batch is None:
            pure = _certify_pure(game, profiles)
            eqs = pure if pure is not None else [Equilibrium.certify(game, p) for p in profiles]
            keys = canonical_keys([e.strategies for e in eqs])
        else:
            eqs, keys = batch
    rtol = rtol if rtol is not None else 1e-6
    # each player's regret against its own payoff range; pure profiles are table entries, compared exactly,
    # a mixed profile's regrets are computed sums: allow for float64's rounding
    tols: tuple[float, ...] = ()
    for e in eqs:
        if isinstance(e.regret, Fraction):
            bad = e.regret != 0
        else:
            tols = tols or game.tolerances(rtol)
            regrets = e.regrets or (e.regret,) * game.n_players
            bad = _exceeds(regrets, tols)
            if bad and is_mixed(e.strategies):
                bad = _exceeds(regrets, game.tolerances(rtol, mixed=True))
        if bad:
            raise SolverError(f"{method} produced a profile with regret {e.regret} (not an equilibrium): {e!r}")
    if keys is None or len(eqs) == 1:  # nothing to deduplicate or sort
        unique, new_index = list(range(len(eqs))), {k: k for k in range(len(eqs))}
    else:  # dedupe, keep first occurrence, and sort
        if game.is_exact:  # exact probabilities: equal means equal (rounding would merge distinct profiles)
            keys = [tuple(-p for s in e.strategies for p in s.tolist()) for e in eqs]
        first: dict[tuple[Any, ...], int] = {}
        remap: dict[int, int] = {}
        for k, key in enumerate(keys):
            remap[k] = first.setdefault(key, k)
        unique = sorted(set(remap.values()), key=lambda k: keys[k])
        position = {k: pos for pos, k in enumerate(unique)}
        new_index = {k: position[remap[k]] for k in range(len(eqs))}
    comps = tuple(sorted((_reindexed(c, new_index) for c in components), key=lambda c: c.equilibria))
    frozen = freeze_options(options)
    origin = game if source is None else source
    prov = Provenance(method, frozen, origin.digest, library_versions(libraries))  # the digest is computed when read
    return EquilibriumResult(
        tuple(eqs[k] for k in unique), method, arithmetic, status, frozen, degenerate, comps,
        (*notes, *_conditioning_notes(game, eqs)), prov
    )


#: Above this share of the payoff scale, float64's rounding of mixed-profile payoffs is worth a note.
ROUNDING_NOTE_SHARE = 1e-4


def _conditioning_notes(game: NormalFormGame, eqs: Sequence[Equilibrium]) -> tuple[str, ...]:
    """A note when the payoffs sit so far from zero, compared with their spread, that float64 resolves
    the regrets of the mixed equilibria listed only coarsely (e.g. ``1e15 + [0, 5]``)."""
    if game.is_exact or not eqs:
        return ()
    # each player's rounding allowance against its own unit (its payoff range): the worst share
    allowances, units = game.tolerances(0.0, mixed=True), game.tolerances(1.0)
    shares = [(a / u, i) for i, (a, u, (lo, hi)) in enumerate(zip(allowances, units, game.payoff_bounds(), strict=True))
              if hi > lo]  # a constant player has no preference to resolve
    share, i = max(shares, default=(0.0, 0))
    if share <= ROUNDING_NOTE_SHARE or not any(is_mixed(e.strategies) for e in eqs):
        return ()
    return (
        f"the payoffs are large compared with their spread: float64 resolves the regrets of mixed profiles only "
        f"to about {allowances[i]:.3g} for {game.players[i]} ({share:.2g} of its payoff range); subtract a constant "
        "from the payoffs or use exact arithmetic for sharper results",
    )
