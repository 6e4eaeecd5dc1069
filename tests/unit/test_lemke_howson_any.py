"""Lemke–Howson with ``initial_label="any"``: the labels searched in rounds of doubling pivot budgets.

Oracles: the definition (every listed profile has no profitable deviation, checked by the game); the
single-label runs (the search's result is the result of the label it names); and the search rule itself,
replayed on the pivot counts of every label's complete path (from ``lemke_howson_all``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation import NormalFormGame, nash_equilibria
from negotiation.solvers import lemke_howson as lh_module
from negotiation.solvers.lemke_howson import lemke_howson, lemke_howson_all
from negotiation.solvers.result import Status

VS_A = [[3, 3], [2, 5], [0, 6]]  # von Stengel (2007), Fig. 3.3
VS_B = [[3, 2], [2, 6], [3, 1]]


def audit_400x400() -> NormalFormGame:
    """The audit's game: the third pair drawn from default_rng(0), after a 12x12 and a 100x100 pair.

    From label 0 its Lemke–Howson path passes 10^6 pivots; labels 5, 3, 4, 2 take 7, 25, 28, 31."""
    rng = np.random.default_rng(0)
    rng.standard_normal((2, 12, 12))
    rng.standard_normal((2, 100, 100))
    return NormalFormGame.from_bimatrix(*rng.standard_normal((2, 400, 400)))


def long_label_0() -> NormalFormGame:
    """100x100, standard normal payoffs (default_rng(5)): label 0's path takes 44,965 pivots, label 1's 4."""
    return NormalFormGame.from_bimatrix(*np.random.default_rng(5).standard_normal((2, 100, 100)))


def replay(kinds: tuple[str, ...], pivots: tuple[int, ...], first: int) -> tuple[int | None, int, int]:
    """The search rule on known complete paths: (label found, total pivots, rounds)."""
    pending, total, budget, rounds = list(range(len(kinds))), 0, first, 0
    while pending:
        rounds += 1
        later = []
        for label in pending:
            if pivots[label] > budget:
                total += budget
                later.append(label)
                continue
            total += pivots[label]
            if kinds[label] == "equilibrium":
                return label, total, rounds
        pending, budget = later, 2 * budget
    return None, total, rounds


def near_degenerate_exact(seed: int) -> NormalFormGame:
    """The review's exact games: small integer payoffs plus perturbations of 1e-18, which vanish in floats, so
    the float path's endpoint is often not an exact equilibrium and the path is walked again exactly."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(4, 16)), int(rng.integers(4, 16))

    def table() -> np.ndarray:
        return np.array([[Fraction(int(rng.integers(0, 3))) + Fraction(int(rng.integers(0, 5)), 10**18)
                          for _ in range(n)] for _ in range(m)], dtype=object)

    return NormalFormGame.from_bimatrix(table(), table())


def same_equilibrium(a, b) -> bool:
    return all(np.allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float), atol=1e-12)
               for x, y in zip(a.strategies, b.strategies, strict=True))


# ------------------------------------------------------------------------------------ the audit's games


def test_audit_400x400_game_is_solved_by_the_default_entry_point():
    g = audit_400x400()
    res = nash_equilibria(g)
    assert res.method == "lemke_howson" and res.status is Status.PARTIAL and len(res) == 1
    assert g.is_equilibrium(res[0].strategies)
    assert res.max_regret <= 1e-12 * g.scale()
    opts = res.options
    assert opts["initial_label"] == "any" and opts["outcome"] == "equilibrium"
    assert opts["label"] in (2, 3, 4, 5) and opts["pivots"] <= 31
    assert opts["pivots_total"] < 10_000  # label 0 alone walked 10^6 pivots before
    assert res.notes[0].startswith(f"label {opts['label']} (") and f"{opts['pivots']} pivot" in res.notes[0]
    assert res.notes[1].startswith("initial_label='any': ") and f"{opts['pivots_total']} pivots in all" in res.notes[1]


def test_long_label_0_path_is_bypassed():
    g = long_label_0()
    assert lemke_howson(g, max_pivots=5_000).options["outcome"] == "pivot_limit"  # the premise
    res = lemke_howson(g, initial_label="any")
    assert res.status is Status.PARTIAL and len(res) == 1 and g.is_equilibrium(res[0].strategies)
    assert res.options["label"] != 0 and res.options["pivots_total"] < 1_000
    single = lemke_howson(g, initial_label=res.options["label"])
    assert single.options["pivots"] == res.options["pivots"] and same_equilibrium(single[0], res[0])
    assert nash_equilibria(g).options["label"] == res.options["label"]


# ------------------------------------------------------------------------------------ the search rule


@pytest.mark.parametrize("first", [1, 2, 16])
@pytest.mark.parametrize("seed", range(4))
def test_search_follows_the_rule_on_every_label_path(monkeypatch, seed, first):
    """Label found, total pivots and rounds as the rule gives them from each label's complete path; the
    equilibrium is that label's."""
    monkeypatch.setattr(lh_module, "ANY_FIRST_BUDGET", first)
    g = NormalFormGame.from_bimatrix(*np.random.default_rng(100 + seed).standard_normal((2, 12, 11)))
    every = lemke_howson_all(g)
    label, total, rounds = replay(every.options["outcomes"], every.options["pivots"], first)
    res = lemke_howson(g, initial_label="any")
    assert (res.options["label"], res.options["pivots_total"], res.options["rounds"]) == (label, total, rounds)
    single = lemke_howson(g, initial_label=label)
    assert res.options["pivots"] == single.options["pivots"] and same_equilibrium(res[0], single[0])
    assert res.status is Status.PARTIAL and g.is_equilibrium(res[0].strategies)
    assert f"in {rounds} round{'' if rounds == 1 else 's'}" in res.notes[1]


def test_rounds_double_the_budget_and_skip_finished_labels(monkeypatch):
    """Every label's path is restarted each round with twice the budget; a label that ended is not retried."""
    monkeypatch.setattr(lh_module, "ANY_FIRST_BUDGET", 1)
    real = lh_module._run
    calls: list[tuple[int, int]] = []

    def spy(game, prep, label, max_pivots, *args):
        calls.append((label, max_pivots))
        if label == 0:  # label 0 fails at once: never tried again
            return lh_module._Outcome(0, lh_module.FAILED, 1, None, False, "label 0: path failed: test")
        return real(game, prep, label, max_pivots, *args)

    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    assert lemke_howson_all(g).options["pivots"] == (2, 4, 3, 2, 4)
    monkeypatch.setattr(lh_module, "_run", spy)
    res = lemke_howson(g, initial_label="any")
    assert calls == [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (1, 2), (2, 2), (3, 2)]
    assert res.options["label"] == 3 and res.options["pivots"] == 2 and res.options["rounds"] == 2
    assert res.options["pivots_total"] == 1 + 4 * 1 + 2 + 2 + 2 and res.options["labels_tried"] == 5
    assert "1 label ended without an equilibrium (0 cycled, 1 failed)" in res.notes[1]


# ------------------------------------------------------------------------------------ limits and failures


def test_total_pivot_limit_reached_without_an_equilibrium():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = lemke_howson(g, initial_label="any", max_pivots=1)  # every path needs at least 2 pivots
    assert res.status is Status.LIMIT_REACHED and len(res) == 0
    opts = res.options
    assert (opts["outcome"], opts["label"], opts["pivots"], opts["pivots_total"]) == ("pivot_limit", None, None, 1)
    assert "total pivot limit max_pivots=1 reached" in res.notes[0] and "no equilibrium" in res.notes[0]
    assert lemke_howson(g, initial_label="any", max_pivots=2).options["label"] == 0


@pytest.mark.parametrize("cap", [1, 7, 50, 300, 2_000])
def test_max_pivots_bounds_the_total(cap):
    g = long_label_0()
    res = lemke_howson(g, initial_label="any", max_pivots=cap)
    assert res.options["pivots_total"] <= cap
    if len(res):
        assert res.status is Status.PARTIAL and g.is_equilibrium(res[0].strategies)
    else:
        assert res.status is Status.LIMIT_REACHED and res.options["pivots_total"] == cap


def test_limit_note_counts_started_and_untried_labels():
    """The review's 30x30 game: 2 labels started (16 pivots, then the 4 left), 58 never tried."""
    g = NormalFormGame.from_bimatrix(*np.random.default_rng(0).standard_normal((2, 30, 30)))
    res = lemke_howson(g, initial_label="any", max_pivots=20)
    assert res.status is Status.LIMIT_REACHED and res.options["pivots_total"] == 20
    assert res.notes[0] == (
        "initial_label='any': total pivot limit max_pivots=20 reached; 2 labels were started and left unfinished "
        "and 58 were never tried; no equilibrium. 2 of 60 labels tried in 1 round (per-label budget 16 pivots, "
        "doubled each round, 16 in the last; the last path started was capped at 4 pivots, all that was left of "
        "max_pivots), 20 pivots in all")
    one = lemke_howson(g, initial_label="any", max_pivots=1).notes[0]
    assert "reached; 1 label was started and left unfinished and 59 were never tried; no equilibrium" in one
    assert "16 in the last; the last path started was capped at 1 pivot, all that was left of max_pivots)" in one
    full = lemke_howson(g, initial_label="any", max_pivots=32).notes[0]  # two full paths at the budget of 16
    assert "2 labels were started and left unfinished and 58 were never tried" in full
    assert "16 in the last), 32 pivots in all" in full and "capped" not in full


def test_limit_note_after_full_rounds(monkeypatch):
    """Every label started, none left untried: the note does not mention untried labels."""
    monkeypatch.setattr(lh_module, "ANY_FIRST_BUDGET", 1)
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)  # every path needs at least 2 pivots
    res = lemke_howson(g, initial_label="any", max_pivots=5)
    assert res.options["pivots_total"] == 5 and res.options["labels_tried"] == 5
    assert "reached; 5 labels were started and left unfinished; no equilibrium" in res.notes[0]
    assert "never tried" not in res.notes[0] and "capped" not in res.notes[0]


@pytest.mark.parametrize("kind, status", [("cycled", Status.LIMIT_REACHED), ("failed", Status.PARTIAL)])
def test_every_label_ending_without_an_equilibrium(monkeypatch, kind, status):
    """Each label is tried once; the status follows a single label's (cycled: LIMIT_REACHED; failed: PARTIAL)."""
    calls: list[int] = []

    def broken(game, prep, label, max_pivots, *args):
        calls.append(label)
        return lh_module._Outcome(label, kind, 3, None, False, f"label {label}: path failed: test")

    monkeypatch.setattr(lh_module, "_run", broken)
    res = lemke_howson(NormalFormGame.from_bimatrix(VS_A, VS_B), initial_label="any")
    assert calls == [0, 1, 2, 3, 4]
    assert res.status is status and len(res) == 0 and res.options["outcome"] == kind
    assert res.options["label"] is None and res.options["pivots_total"] == 15
    assert "every label's path ended without an equilibrium" in res.notes[0]
    assert res.notes[1] == "label 0: path failed: test"


# ------------------------------------------------------------------------------------ arithmetic, backends, dispatch


def test_exact_game():
    g = NormalFormGame.from_bimatrix(*(np.random.default_rng(7).integers(-9, 10, (2, 6, 7)).tolist()))
    res = lemke_howson(g, initial_label="any")
    assert res.arithmetic == "exact" and len(res) == 1 and res[0].regret == 0
    single = lemke_howson(g, initial_label=res.options["label"])
    assert single.arithmetic == "exact" and tuple(map(list, single[0].strategies)) == tuple(
        map(list, res[0].strategies))
    forced = lemke_howson(g.to_float(), initial_label="any", arithmetic="exact")
    assert forced.arithmetic == "exact" and forced[0].regret == 0


def test_nashpy_backend():
    pytest.importorskip("nashpy")
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = lemke_howson(g, initial_label="any", backend="nashpy")
    native = lemke_howson(g, initial_label="any", arithmetic="float")
    assert res.options["label"] == native.options["label"] == 0
    assert res.options["pivots_total"] == native.options["pivots_total"] and res[0].isclose(native[0], atol=1e-9)
    assert "nashpy" in res.provenance.versions and res.options["backend"] == "nashpy"


def test_option_values():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    opts = lemke_howson(g, initial_label="any", max_pivots=500).options
    assert opts["initial_label"] == "any" and opts["max_pivots"] == 500
    assert (opts["label"], opts["pivots"], opts["pivots_total"], opts["outcome"]) == (0, 2, 2, "equilibrium")
    assert (opts["rounds"], opts["labels_tried"]) == (1, 1)
    assert lemke_howson(g).options["initial_label"] == 0 and "label" not in lemke_howson(g).options
    with pytest.raises(ValueError, match="'any'"):
        lemke_howson(g, initial_label="all")


def test_auto_passes_any_only_when_no_label_is_given():
    g = NormalFormGame.from_bimatrix(*np.random.default_rng(0).standard_normal((2, 30, 30)))
    assert nash_equilibria(g).options["initial_label"] == "any"
    assert nash_equilibria(g, initial_label=3).options["initial_label"] == 3
    assert nash_equilibria(g, "lemke_howson").options["initial_label"] == 0
    small = NormalFormGame.from_bimatrix(VS_A, VS_B)
    assert nash_equilibria(small).method == "vertex_enumeration"


# ------------------------------------------------------------------------------------ pivots walked


@pytest.fixture
def walk_counter(monkeypatch):
    """Counts the pivots actually walked: float paths (``_walk_to_endpoint``) and exact walks (``run_exact``)."""
    walked = {"float": 0, "exact": 0}
    float_walk, exact_walk = lh_module._walk_to_endpoint, lh_module.K.run_exact

    def counted_float(*args):
        end = float_walk(*args)
        walked["float"] += end.pivots
        return end

    def counted_exact(*args):
        out = exact_walk(*args)
        walked["exact"] += out[1]
        return out

    monkeypatch.setattr(lh_module, "_walk_to_endpoint", counted_float)
    monkeypatch.setattr(lh_module.K, "run_exact", counted_exact)
    return walked


def test_max_pivots_bounds_the_pivots_walked_with_exact_rewalks(walk_counter):
    """Seeds 178 and 220 walked 47 and 38 pivots under max_pivots=30 when an exact re-walk got a cap of its own
    and its float prefix went uncounted; 120 and 268 have a float path that uses up its whole cap."""
    rewalked = limited = 0
    for seed in (120, 178, 220, 268, *range(80)):
        g = near_degenerate_exact(seed)
        walk_counter.update(float=0, exact=0)
        res = lemke_howson(g, initial_label="any", max_pivots=30, arithmetic="exact")
        walked = walk_counter["float"] + walk_counter["exact"]
        assert walked <= 30 and res.options["pivots_total"] == walked, seed
        rewalked += walk_counter["exact"] > 0
        if res.options["outcome"] == "pivot_limit":
            limited += 1
            assert res.status is Status.LIMIT_REACHED and walked == 30 and len(res) == 0
        else:
            assert res.options["outcome"] == "equilibrium" and res[0].regret == 0 and g.is_equilibrium(
                res[0].strategies)
    assert rewalked > 40 and limited > 5  # the premise: many exact re-walks, and the cap often binds


def test_exact_rewalk_gets_what_the_float_path_left(walk_counter):
    """Seed 178, label 19: the float path takes 17 pivots, its exact re-walk 25. A single label keeps a cap of
    max_pivots for the re-walk (42 walked under max_pivots=30); within "any" the re-walk gets the 13 left."""
    g = near_degenerate_exact(178)
    single = lemke_howson(g, initial_label=19, max_pivots=30, arithmetic="exact")
    assert single.options["outcome"] == "equilibrium" and single.options["pivots"] == 25
    assert (walk_counter["float"], walk_counter["exact"]) == (17, 25)
    prep, arith, required = lh_module._setup(g, 30, 1e-9, "native", "exact", "auto", "lemke_howson")
    alone = lh_module._run(g, prep, 19, 30, "native", "auto", arith, required)
    assert (alone.kind, alone.pivots, alone.walked) == ("equilibrium", 25, 42)
    shared = lh_module._run(g, prep, 19, 30, "native", "auto", arith, required, True)
    assert (shared.kind, shared.pivots, shared.walked) == ("pivot_limit", 13, 30)
    assert "13 exact pivots, what the float path left of the cap of 30" in shared.note
    # options["pivots"] is the re-walk's, as for a single label
    found = lemke_howson(g, initial_label="any", arithmetic="exact")
    label = found.options["label"]
    assert found.options["outcome"] == "equilibrium" and "(exact pivoting)" in found.notes[0]
    assert found.options["pivots"] == lemke_howson(g, initial_label=label, arithmetic="exact").options["pivots"]
