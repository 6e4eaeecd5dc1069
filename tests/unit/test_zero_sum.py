"""Zero-sum games by linear programming: known values, the minimax definition as oracle, nashpy."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.errors import InvalidGameError, NotApplicableError, SolverError
from negotiation.solvers import zero_sum as zs_module
from negotiation.solvers.result import Status
from negotiation.solvers.zero_sum import ZeroSumSolution, solve_zero_sum, zero_sum_lp


def assert_optimal_exact(A, sol: ZeroSumSolution) -> None:
    """The definition: x secures the value, y concedes no more than the value (exactly)."""
    A = np.array([[F(v) for v in row] for row in A], dtype=object)
    x, y = sol.row_strategy, sol.column_strategy
    assert all(p >= 0 for p in x) and sum(x) == 1
    assert all(q >= 0 for q in y) and sum(y) == 1
    assert min(x.dot(A)) == sol.value
    assert max(A.dot(y)) == sol.value


def assert_optimal_float(A, sol: ZeroSumSolution, tol: float = 1e-9) -> None:
    A = np.asarray(A, dtype=float)
    scale = max(float(A.max() - A.min()), 1.0)
    x, y = np.asarray(sol.row_strategy, float), np.asarray(sol.column_strategy, float)
    assert np.all(x >= 0) and abs(x.sum() - 1) < 1e-12
    assert np.all(y >= 0) and abs(y.sum() - 1) < 1e-12
    assert (x @ A).min() >= sol.value - tol * scale
    assert (A @ y).max() <= sol.value + tol * scale


KNOWN = [
    ("matching pennies", [[1, -1], [-1, 1]], F(0), [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]),
    (
        "rock-paper-scissors",
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        F(0),
        [F(1, 3)] * 3,
        [F(1, 3)] * 3,
    ),
    # by hand: 2p - (1 - p) = -p + (1 - p) gives p = 2/5, value 1/5; the game is symmetric in x, y
    ("2x2 value 1/5", [[2, -1], [-1, 1]], F(1, 5), [F(2, 5), F(3, 5)], [F(2, 5), F(3, 5)]),
    # saddle point: row 1 dominates row 0, then column 1 is the column player's best reply
    ("saddle point", [[3, 1], [4, 2]], F(2), [F(0), F(1)], [F(0), F(1)]),
    # by hand: x = (p, 1 - p) secures min(1 - p, p, 2 + p), best at p = 1/2; column 2 is never used
    ("2x3", [[0, 1, 3], [1, 0, 2]], F(1, 2), [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2), F(0)]),
    ("1x1", [[7]], F(7), [F(1)], [F(1)]),
]


@pytest.mark.parametrize("name, A, value, x, y", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_values_exact(name, A, value, x, y):
    sol = solve_zero_sum(A)
    assert sol.arithmetic == "exact"
    assert sol.value == value
    assert list(sol.row_strategy) == x
    assert list(sol.column_strategy) == y
    assert sol.gap == 0
    assert_optimal_exact(A, sol)


@pytest.mark.parametrize("name, A, value, x, y", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_values_float(name, A, value, x, y):
    sol = solve_zero_sum(np.asarray(A, dtype=float))
    assert sol.arithmetic == "float"
    assert abs(sol.value - float(value)) < 1e-12
    assert_optimal_float(A, sol, tol=1e-12)


def test_accepts_zero_sum_game_and_rejects_others():
    g = NormalFormGame.zero_sum([[2, -1], [-1, 1]])
    assert solve_zero_sum(g).value == F(1, 5)
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    with pytest.raises(NotApplicableError, match="zero-sum"):
        solve_zero_sum(bos)
    with pytest.raises(NotApplicableError, match="zero-sum"):
        zero_sum_lp(bos)
    three = NormalFormGame.from_array(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotApplicableError, match="two-player"):
        zero_sum_lp(three)


@pytest.mark.parametrize("bad", [[1, 2, 3], [[1.0, float("nan")]], [[1, 2], [3]], [[]]])
def test_bad_matrix(bad):
    with pytest.raises(InvalidGameError):
        solve_zero_sum(bad)


def test_bad_arithmetic():
    with pytest.raises(ValueError, match="arithmetic"):
        solve_zero_sum([[1]], arithmetic="symbolic")


def test_solution_is_frozen():
    sol = solve_zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(AttributeError):
        sol.value = 3  # type: ignore[misc]
    with pytest.raises(ValueError):
        sol.row_strategy[0] = 0


def test_exact_from_float_input():
    sol = solve_zero_sum([[0.5, -0.25], [-0.25, 0.25]], arithmetic="exact")
    assert sol.arithmetic == "exact"
    assert sol.value == F(1, 20)  # a quarter of the 1/5 game
    assert_optimal_exact([[F(1, 2), F(-1, 4)], [F(-1, 4), F(1, 4)]], sol)


def test_zero_sum_lp_result():
    rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    res = zero_sum_lp(rps)
    assert res.status is Status.PARTIAL
    assert res.arithmetic == "exact" and res.method == "zero_sum_lp"
    assert len(res) == 1 and res[0].regret == 0
    assert rps.is_equilibrium(res[0].strategies)
    assert any("product" in n for n in res.notes)
    assert any("value" in n for n in res.notes)
    res_f = zero_sum_lp(rps, arithmetic="float")
    assert res_f.arithmetic == "float"
    assert rps.to_float().is_equilibrium(res_f[0].strategies, rtol=1e-12)


def test_zero_sum_lp_exact_on_float_game():
    g = NormalFormGame.zero_sum([[2.0, -1.0], [-1.0, 1.0]])
    res = zero_sum_lp(g, arithmetic="exact")
    assert res.arithmetic == "exact"
    assert res[0]["Row"] == {"a0": F(2, 5), "a1": F(3, 5)}


@pytest.mark.parametrize("n", [3, 10, 40, 120])
def test_random_float_games_match_nashpy(rng, n):
    nashpy = pytest.importorskip("nashpy")
    for _ in range(3):
        A = rng.standard_normal((n, n + 2))
        sol = solve_zero_sum(A)
        assert_optimal_float(A, sol)
        x, y = nashpy.Game(A).linear_program()
        assert abs(float(x @ A @ y) - sol.value) < 1e-6


@pytest.mark.parametrize("shape", [(4, 4), (6, 3), (3, 9), (12, 12)])
def test_random_integer_games_exact(rng, shape):
    for _ in range(5):
        A = rng.integers(-3, 4, size=shape).tolist()  # small range: many ties, degenerate games
        sol = solve_zero_sum(A)
        assert sol.arithmetic == "exact"
        assert_optimal_exact(A, sol)
        sol_f = solve_zero_sum(np.asarray(A, dtype=float))
        assert abs(sol_f.value - float(sol.value)) < 1e-9


def test_interior_point_path(rng, monkeypatch):
    """Large games go to HiGHS's interior point method (with crossover); same answers."""
    from negotiation.solvers import zero_sum

    A = rng.uniform(-1, 1, size=(60, 50))
    simplex = solve_zero_sum(A)
    monkeypatch.setattr(zero_sum, "IPM_THRESHOLD", 0)
    ipm = solve_zero_sum(A)
    assert_optimal_float(A, ipm)
    assert abs(ipm.value - simplex.value) < 1e-12
    exact = solve_zero_sum(np.round(A * 10).astype(int).tolist())
    assert exact.arithmetic == "exact"


def test_polish_skipped_when_gap_negligible_and_used_otherwise(rng):
    A = rng.standard_normal((12, 9))
    x, y, _ = zs_module._lp(A)
    s = float(A.max() - A.min())
    assert zs_module._gap(A, x, y) <= 1e-12 * s  # HiGHS's vertex is already optimal to rounding
    xp, yp = zs_module._polish(A, x, y)
    assert xp is x and yp is y  # nothing to do
    # a visibly suboptimal pair on the right supports is re-solved to a smaller gap
    noisy_x = x + 1e-6 * (x > 0)
    noisy_x /= noisy_x.sum()
    xp, yp = zs_module._polish(A, noisy_x, y)
    assert zs_module._gap(A, xp, yp) < zs_module._gap(A, noisy_x, y)


@pytest.mark.parametrize("A", [np.zeros((3, 4)), np.ones((5, 5)), np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 3.0]])])
def test_degenerate_lps_without_presolve(A):
    """Constant and duplicated rows: the LP (run without HiGHS's presolve) still gives optimal strategies."""
    sol = solve_zero_sum(A, arithmetic="float")
    assert (A @ sol.column_strategy).max() - (sol.row_strategy @ A).min() <= 1e-12
    exact = solve_zero_sum(A.tolist(), arithmetic="exact")
    assert exact.gap == 0


# ------------------------------------------------------------------ badly scaled float games

# The reviewer's game: entries from 1e-7 to 8.8e5. HiGHS's default feasibility tolerance (1e-7, absolute on the LP
# rescaled to the payoff range) accepted the wrong vertex x = (1, 0), y = e_3 with gap 0.139.
REVIEW_GAME = [
    [25.92259804396751, 5.953693045081812, -0.06752057506430029, 0.0719014976085845, -0.00034434251957239274],
    [-987.8364211616674, -1.5149475161493257e-07, 41542.96655332983, -4535.430641718632, -876468.8080436497],
]


def exact_value_2xn(A) -> F:
    """Value of a 2 x n game from the definition, in Fractions of the floats' exact values.

    ``max_{p in [0, 1]} min_j (p A_0j + (1 - p) A_1j)`` is a concave piecewise-linear maximum, attained at
    ``p = 0``, ``p = 1`` or where two of the lines cross.
    """
    a = [[F(v) for v in row] for row in A]
    n = len(a[0])
    candidates = {F(0), F(1)}
    for j in range(n):
        for k in range(j + 1, n):
            slope = (a[0][j] - a[1][j]) - (a[0][k] - a[1][k])
            if slope != 0:
                p = (a[1][k] - a[1][j]) / slope
                if 0 <= p <= 1:
                    candidates.add(p)
    return max(min(p * a[0][j] + (1 - p) * a[1][j] for j in range(n)) for p in candidates)


def assert_certifies_exactly(A, x, y, value: F, tol: float) -> None:
    """The definition, evaluated exactly on the float strategies: x guarantees, y concedes, within tol."""
    E = np.array([[F(v) for v in row] for row in A], dtype=object)
    xe = np.array([F(float(p)) for p in x], dtype=object)
    ye = np.array([F(float(q)) for q in y], dtype=object)
    xe, ye = xe / sum(xe), ye / sum(ye)
    assert min(xe.dot(E)) >= value - F(tol)
    assert max(E.dot(ye)) <= value + F(tol)


def test_review_game_value_and_strategies():
    A = np.array(REVIEW_GAME)
    exact = exact_value_2xn(REVIEW_GAME)
    assert abs(float(exact) - (-0.0644806311)) < 1e-9  # pygambit (enummixed, rational) agrees
    tol = 1e-9 * float(A.max() - A.min())
    sol = solve_zero_sum(A)
    assert sol.arithmetic == "float" and sol.gap <= tol
    assert abs(sol.value - float(exact)) <= tol
    assert_certifies_exactly(REVIEW_GAME, sol.row_strategy, sol.column_strategy, exact, tol)
    assert sol.row_strategy[1] > 0  # the optimal row strategy is mixed (x_1 ~ 7.3e-8)


def test_review_game_zero_sum_lp_and_exact_arithmetic():
    game = NormalFormGame.zero_sum(REVIEW_GAME)
    res = zero_sum_lp(game)
    assert res.arithmetic == "float"
    assert float(res[0].regret) <= game.tolerance(1e-9)
    assert game.is_equilibrium(res[0].strategies)
    exact = solve_zero_sum(REVIEW_GAME, arithmetic="exact")  # the binary values of the floats, exactly
    assert exact.arithmetic == "exact" and exact.value == exact_value_2xn(REVIEW_GAME)
    assert_optimal_exact(REVIEW_GAME, exact)


WRONG_PAIR = (np.array([1.0, 0.0]), np.array([0.0, 0.0, 0.0, 1.0, 0.0]))  # what HiGHS's defaults returned


def test_exact_fallback_repairs_a_wrong_float_solution(monkeypatch):
    """When every LP attempt leaves a gap above the tolerance, the exact game on the floats' values decides."""
    A = np.array(REVIEW_GAME)
    monkeypatch.setattr(zs_module, "_float_solution", lambda Mf, tol: (*WRONG_PAIR, zs_module._gap(Mf, *WRONG_PAIR)))
    sol = solve_zero_sum(A)
    exact = exact_value_2xn(REVIEW_GAME)
    tol = 1e-9 * float(A.max() - A.min())
    assert sol.arithmetic == "float" and sol.gap <= tol
    assert_certifies_exactly(REVIEW_GAME, sol.row_strategy, sol.column_strategy, exact, tol)
    # the tight constraints of the wrong pair do not give the solution: the exact simplex method does
    calls = []
    real = zs_module._exact_simplex
    monkeypatch.setattr(zs_module, "_exact_simplex", lambda M: calls.append(M.shape) or real(M))
    solve_zero_sum(A)
    assert calls == [(2, 5)]


def test_no_silent_wrong_answer_when_every_fallback_is_out_of_reach(monkeypatch):
    monkeypatch.setattr(zs_module, "_float_solution", lambda Mf, tol: (*WRONG_PAIR, zs_module._gap(Mf, *WRONG_PAIR)))
    monkeypatch.setattr(zs_module, "EXACT_SIMPLEX_MAX_ENTRIES", 0)
    monkeypatch.setattr(zs_module, "EXACT_RECOVERY_MAX_ENTRIES", 0)
    with pytest.raises(SolverError, match=r"2x5 float matrix game.*gap 0\.139"):
        solve_zero_sum(np.array(REVIEW_GAME))
    with pytest.raises(SolverError, match="gap"):
        zero_sum_lp(NormalFormGame.zero_sum(REVIEW_GAME))
    with pytest.raises(SolverError, match="exact simplex fallback is limited to 0 entries"):
        solve_zero_sum(np.array(REVIEW_GAME), arithmetic="exact")


def test_lp_attempts_continue_past_a_failed_or_poor_lp(monkeypatch):
    """HiGHS's dual simplex with tight tolerances can stop with status 'unknown' (seen on a 4x7 badly scaled
    game); a failed attempt is skipped, and the error surfaces only when every attempt fails."""
    A = np.array(REVIEW_GAME)
    real = zs_module._lp
    seen = []

    def first_fails(M, *, tight=False, method=None):
        seen.append((method, tight))
        if len(seen) == 1:
            raise SolverError("HiGHS (highs) failed: model_status is Unknown")
        return real(M, tight=tight, method=method)

    monkeypatch.setattr(zs_module, "_lp", first_fails)
    sol = solve_zero_sum(A)
    assert seen == [(None, False), ("highs-ipm", True)]
    assert sol.gap <= 1e-9 * float(A.max() - A.min())

    def always_fails(M, *, tight=False, method=None):
        raise SolverError(f"HiGHS ({method}) failed")

    monkeypatch.setattr(zs_module, "_lp", always_fails)
    with pytest.raises(SolverError, match="HiGHS"):
        solve_zero_sum(A)


def test_default_lp_answer_on_the_review_game_is_the_wrong_vertex():
    """Documents the cause (so that a change of HiGHS or of the rescaling shows up here): with HiGHS's
    default tolerances the LP stops at a pure pair whose gap is ~1.5e-7 of the payoff range."""
    A = np.array(REVIEW_GAME)
    x, y, _ = zs_module._lp(A)
    assert zs_module._gap(A, x, y) > 1e-9 * float(A.max() - A.min())
    x, y, _ = zs_module._lp(A, tight=True)
    assert zs_module._gap(A, x, y) <= 1e-12 * float(A.max() - A.min())


@pytest.mark.parametrize("name, A, value, x, y", KNOWN, ids=[k[0] for k in KNOWN])
def test_exact_simplex_known_values(name, A, value, x, y):
    E = np.array([[F(v) for v in row] for row in A], dtype=object)
    v, xe, ye = zs_module._exact_simplex(E)
    assert v == value
    assert min(xe.dot(E)) == value == max(E.dot(ye))
    assert sum(xe) == 1 and sum(ye) == 1 and all(p >= 0 for p in xe) and all(q >= 0 for q in ye)


@pytest.mark.parametrize("A", [[[0, 0, 0], [0, 0, 0]], [[1, 1], [1, 1], [1, 1]], [[1, 2], [1, 2], [0, 3]],
                               [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]])
def test_exact_simplex_degenerate_games(A):
    """Constant, duplicated and tied rows: degenerate pivots (Bland's rule from there on) still end at the optimum."""
    E = np.array([[F(v) for v in row] for row in A], dtype=object)
    v, xe, ye = zs_module._exact_simplex(E)
    assert min(xe.dot(E)) == v == max(E.dot(ye))
    assert v == solve_zero_sum(A).value


def test_exact_game_uses_exact_simplex_when_tight_constraints_do_not_certify(monkeypatch):
    monkeypatch.setattr(zs_module, "_exact", lambda *args, **kwargs: None)
    sol = solve_zero_sum([[2, -1], [-1, 1]])
    assert sol.arithmetic == "exact" and sol.value == F(1, 5)
    assert list(sol.row_strategy) == [F(2, 5), F(3, 5)]


def test_solve_zero_sum_rtol_is_validated():
    with pytest.raises(ValueError):
        solve_zero_sum([[1.0, 2.0]], rtol=-1.0)


@pytest.mark.parametrize("exponent", [300, 400, -320])
def test_exact_matrices_beyond_float64_are_solved_scaled(exponent):
    """Exact entries out of float64's range (or below its smallest normal number) are solved scaled by a
    power of two: same optimal strategies, value scaled back exactly."""
    k = F(10) ** exponent
    sol = solve_zero_sum([[2 * k, -k], [-k, k]])
    assert sol.arithmetic == "exact" and sol.gap == 0
    assert sol.value == k / 5 and list(sol.row_strategy) == [F(2, 5), F(3, 5)]
    assert list(sol.column_strategy) == [F(2, 5), F(3, 5)]


def test_a_float_value_beyond_float64_is_a_clear_error():
    k = F(10) ** 400
    with pytest.raises(SolverError, match="beyond float64"):
        solve_zero_sum([[k, 0], [0, k]], arithmetic="float")
    assert solve_zero_sum([[k, 0], [0, k]]).value == k / 2


# ----------------------------------------------------------------------------------- nashpy backend
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (7, 4), (12, 12)])
def test_nashpy_backend_gives_the_value_and_certified_optimal_strategies(seed, shape):
    """The minimax definition is the oracle for nashpy's strategies; the value is the native backend's."""
    A = np.random.default_rng(seed).standard_normal(shape)
    game = NormalFormGame.zero_sum(A)
    native, theirs = zero_sum_lp(game), zero_sum_lp(game, backend="nashpy")
    assert theirs.status is Status.PARTIAL and theirs.arithmetic == "float" and theirs.method == "zero_sum_lp"
    assert len(theirs) == 1, theirs.notes
    x, y = (np.asarray(s, dtype=float) for s in theirs[0].strategies)
    scale = float(A.max() - A.min())
    value = native[0].payoffs[0]
    assert (x @ A).min() >= value - 1e-9 * scale and (A @ y).max() <= value + 1e-9 * scale
    assert abs(theirs[0].payoffs[0] - value) <= 1e-9 * scale
    assert game.is_equilibrium(theirs[0].strategies, rtol=1e-9)
    [note] = [note for note in theirs.notes if note.startswith("value of the game to Row: ")]
    assert abs(float(note.rsplit(" ", 1)[1]) - value) <= 1e-9 * scale
    sol = solve_zero_sum(A, backend="nashpy")
    assert sol.arithmetic == "float" and abs(sol.value - solve_zero_sum(A).value) <= 1e-9 * scale
    assert_optimal_float(A, sol)


def test_nashpy_backend_on_an_exact_game_is_float():
    game = NormalFormGame.zero_sum([[2, -1], [-1, 1]])
    res = zero_sum_lp(game, backend="nashpy")  # arithmetic="auto" means float with nashpy
    assert res.arithmetic == "float"
    assert all(isinstance(p, float) for s in res[0].strategies for p in s.tolist())
    assert np.allclose(np.asarray(res[0].strategies[0], dtype=float), [0.4, 0.6], atol=1e-9)
    assert abs(res[0].payoffs[0] - 0.2) <= 1e-9
    sol = solve_zero_sum([[2, -1], [-1, 1]], backend="nashpy")
    assert sol.arithmetic == "float" and abs(sol.value - 0.2) <= 1e-9


def test_nashpy_backend_through_nash_equilibria_records_option_and_library():
    from negotiation import nash_equilibria

    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    res = nash_equilibria(pennies, method="zero_sum_lp", backend="nashpy")
    assert res.options["backend"] == "nashpy" and res.options["arithmetic"] == "auto"
    assert "nashpy" in res.provenance.versions and "scipy" in res.provenance.versions
    assert any(note.startswith("computed by nashpy") for note in res.notes)
    assert np.allclose(np.asarray(res[0].strategies[0], dtype=float), [0.5, 0.5])
    native = zero_sum_lp(pennies)
    assert native.options["backend"] == "native" and "nashpy" not in native.provenance.versions


def test_bad_backend_name_is_a_clear_value_error():
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(ValueError, match=r"backend must be one of \('native', 'nashpy'\), got 'gambit'"):
        zero_sum_lp(pennies, backend="gambit")
    with pytest.raises(ValueError, match="backend must be one of"):
        solve_zero_sum([[1, -1], [-1, 1]], backend="Nashpy")


def test_exact_arithmetic_with_nashpy_is_refused():
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(NotApplicableError, match="backend='nashpy' has no exact arithmetic"):
        zero_sum_lp(pennies, arithmetic="exact", backend="nashpy")
    with pytest.raises(NotApplicableError, match="backend='nashpy' has no exact arithmetic"):
        solve_zero_sum([[1, -1], [-1, 1]], arithmetic="exact", backend="nashpy")


def test_nashpy_backend_refuses_games_that_are_not_zero_sum():
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(NotApplicableError, match="zero-sum"):
        zero_sum_lp(game, backend="nashpy")


def test_a_failure_inside_nashpy_is_a_note_not_a_crash(monkeypatch):
    import nashpy

    def boom(self):
        raise RuntimeError("linprog exploded")

    monkeypatch.setattr(nashpy.Game, "linear_program", boom)
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    res = zero_sum_lp(pennies, backend="nashpy")
    assert len(res) == 0 and res.status is Status.PARTIAL
    assert any("no equilibrium" in note and "RuntimeError: linprog exploded" in note for note in res.notes)
    with pytest.raises(SolverError, match="RuntimeError: linprog exploded"):
        solve_zero_sum([[1, -1], [-1, 1]], backend="nashpy")


@pytest.mark.parametrize("raw, why", [
    ((np.array([np.nan, 1.0]), np.array([0.5, 0.5])), "not a probability vector"),
    ((np.array([1.0, 0.0, 0.0]), np.array([0.5, 0.5])), "not a probability vector of size 2"),
    ((np.array([0.0, 0.0]), np.array([0.5, 0.5])), "all-zero"),
    ((np.array([1.5, -0.5]), np.array([0.5, 0.5])), "not a probability vector"),
])
def test_malformed_nashpy_output_is_a_note(monkeypatch, raw, why):
    import nashpy

    monkeypatch.setattr(nashpy.Game, "linear_program", lambda self: raw)
    res = zero_sum_lp(NormalFormGame.zero_sum([[1, -1], [-1, 1]]), backend="nashpy")
    assert len(res) == 0
    assert any(why in note for note in res.notes)


def test_nashpy_profile_failing_certification_is_dropped_with_a_note(monkeypatch):
    import nashpy

    # pure (row 0, column 0) in matching pennies: the column player gains 2 by deviating
    monkeypatch.setattr(nashpy.Game, "linear_program", lambda self: (np.array([1.0, 0.0]), np.array([1.0, 0.0])))
    res = zero_sum_lp(NormalFormGame.zero_sum([[1, -1], [-1, 1]]), backend="nashpy")
    assert len(res) == 0
    assert any("failed certification (regret 2 >" in note and "dropped" in note for note in res.notes)
    assert not any(note.startswith("value of the game") for note in res.notes)
    with pytest.raises(SolverError, match="optimality gap 2 >"):
        solve_zero_sum([[1, -1], [-1, 1]], backend="nashpy")


def test_nashpy_round_off_below_zero_is_cleaned(monkeypatch):
    import nashpy

    monkeypatch.setattr(nashpy.Game, "linear_program",
                        lambda self: (np.array([0.5, 0.5]), np.array([1.0 + 1e-13, -1e-13])))
    res = zero_sum_lp(NormalFormGame.zero_sum([[1, 1], [1, 1]]), backend="nashpy")
    assert len(res) == 1 and list(np.asarray(res[0].strategies[1], dtype=float)) == [1.0, 0.0]


def test_nashpy_backend_on_exact_matrices_beyond_float64():
    k = F(10) ** 300
    sol = solve_zero_sum([[2 * k, -k], [-k, k]], backend="nashpy")  # solved scaled by a power of two, in floats
    assert sol.arithmetic == "float" and abs(sol.value / 1e300 - 0.2) <= 1e-9
    with pytest.raises(SolverError, match="use arithmetic='exact' with backend='native'"):
        solve_zero_sum([[F(10) ** 400, 0], [0, F(10) ** 400]], backend="nashpy")
