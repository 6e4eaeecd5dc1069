"""nashpy as a backend of the enumeration methods (private helper).

nashpy's answers are not trusted: every profile it returns is certified against the game and
dropped (and counted in the notes) when its regret exceeds the tolerance; the status is always
``PARTIAL`` because nashpy does not prove its set complete (its support enumeration misses
equilibria of some random 6x6 to 10x10 games, and its vertex enumeration returns non-equilibria
on games with large payoffs).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import InvalidProfileError
from ..model.normal_form import NormalFormGame
from ..provenance import package_version
from ._common import resolve_arithmetic
from .result import EquilibriumResult, Status, make_result

__all__ = ["BACKENDS", "check_backend", "nashpy_result", "warning_notes"]

BACKENDS = ("native", "nashpy")


def check_backend(backend: str) -> str:
    """Validate the ``backend`` option."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    return backend


def warning_notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """One note per distinct warning nashpy raised, whitespace collapsed, in order."""
    return list(dict.fromkeys("nashpy warned: " + " ".join(str(w.message).split()) for w in caught))


def nashpy_result(
    game: NormalFormGame, method: str, *, arithmetic: str, rtol: float, options: dict[str, Any]
) -> EquilibriumResult:
    """Run ``nashpy.Game(A, B).<method>()`` and certify what it returns."""
    resolve_arithmetic(game, arithmetic, method=f"{method} with backend='nashpy'", exact_supported=False)
    import nashpy

    work = game.to_float()
    A, B = work.bimatrix()
    nash_game = nashpy.Game(np.array(A, dtype=float), np.array(B, dtype=float))
    failure = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw: list[Any] = []
        try:
            raw.extend(getattr(nash_game, method)())  # a generator: what it yielded before failing is kept
        except Exception as exc:  # nashpy's own failures (e.g. scipy's QhullError, TypeError); never ours
            failure = (f"nashpy raised {type(exc).__name__} after {len(raw)} profile{'' if len(raw) == 1 else 's'}: "
                       f"{' '.join(str(exc).split())[:300]}")
    cert_rtol = max(rtol, 1e-12)
    kept = []
    dropped = 0
    for profile in raw:
        try:
            x, y = (np.asarray(s, dtype=float) for s in profile)
            with np.errstate(all="ignore"):
                x, y = x / x.sum(), y / y.sum()
            ok = bool(np.all(np.isfinite(x)) and np.all(np.isfinite(y))) and work.is_equilibrium((x, y), cert_rtol)
        except (InvalidProfileError, ValueError, ZeroDivisionError, FloatingPointError):
            ok = False
        if ok:
            kept.append((x, y))
        else:
            dropped += 1
    notes = [
        f"computed by nashpy {package_version('nashpy')} {method}; nashpy does not prove its set complete",
        f"{dropped} of {len(raw)} profiles returned by nashpy failed certification and were dropped"
        if dropped
        else f"all {len(raw)} profiles returned by nashpy passed certification",
    ]
    if failure:
        notes.append(f"{failure}; the set is incomplete")
    notes += warning_notes(caught)
    return make_result(
        work, kept, method=method, arithmetic="float", status=Status.PARTIAL, options=options, rtol=cert_rtol,
        degenerate=None, notes=notes, libraries=("numpy", "nashpy"), source=game,
    )
