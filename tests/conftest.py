"""Shared test configuration: hypothesis profiles and small fixtures."""

from __future__ import annotations

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# CI: deterministic examples (derandomize) so a red run is reproducible; locally the same by default.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def rng():
    """A seeded generator; tests never touch global random state."""
    import numpy as np

    return np.random.default_rng(20261126)


def _lh_bases_sequence(prep, label, kernel, pivots):
    """The pairs of bases (basis of P, basis of Q, as sets) after 0, 1, ..., ``pivots`` pivots of a float
    Lemke-Howson path, walked one pivot at a time with revisit detection off: the oracle for the detector."""
    from negotiation.solvers import _lh_kernel as K

    step = K.run_numpy if kernel == "numpy" else K.run_numba
    state = prep.start(label)
    seq = [(frozenset(state.b0.tolist()), frozenset(state.b1.tolist()))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(K, "DETECT_REVISITS", False)
        while state.pivots < pivots and state.code == K.LIMIT:
            step(state, state.pivots + 1)
            seq.append((frozenset(state.b0.tolist()), frozenset(state.b1.tolist())))
    return seq


def _first_revisit(seq):
    """``(S, L)``: the pair of bases after ``S`` pivots is the first to recur, ``L`` pivots later (None if none)."""
    seen = {}
    for p, pair in enumerate(seq):
        if pair in seen:
            return seen[pair], p - seen[pair]
        seen[pair] = p
    return None


@pytest.fixture(scope="session")
def lh_paths():
    """Oracles of Lemke-Howson's revisit detector: ``bases(prep, label, kernel, pivots)`` (the path's pairs of
    bases) and ``first_revisit(seq)``. Session-scoped, so hypothesis tests may use it."""
    from types import SimpleNamespace

    return SimpleNamespace(bases=_lh_bases_sequence, first_revisit=_first_revisit)
