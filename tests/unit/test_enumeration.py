"""Support and vertex enumeration: classic games with exact expected equilibria, degenerate games
with components, options and errors, the nashpy backend, and the private kernels."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import (
    DegenerateGameWarning,
    InvalidGameError,
    NormalFormGame,
    NotApplicableError,
    Status,
    nash_equilibria,
)
from negotiation.solvers import support_enumeration as se_module
from negotiation.solvers._components import equilibrium_components, maximal_cliques
from negotiation.solvers._exact import positive_integer_matrix, rank_integer, solve_integer
from negotiation.solvers._polytope import (
    Degeneracy,
    exact_vertices,
    float_vertices,
    labels_of_mask,
    mask_keys,
    qhull_vertices,
)
from negotiation.solvers.support_enumeration import support_enumeration
from negotiation.solvers.vertex_enumeration import vertex_enumeration

METHODS = [support_enumeration, vertex_enumeration]
h, t, third = F(1, 2), F(1, 3), F(2, 3)

# name -> (A, B, expected equilibria as ((x...), (y...)) in canonical order)
CLASSIC = {
    "prisoners_dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]], [((0, 1), (0, 1))]),
    "battle_of_the_sexes": (
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        [((1, 0), (1, 0)), ((third, t), (t, third)), ((0, 1), (0, 1))],
    ),
    "matching_pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], [((h, h), (h, h))]),
    "chicken": (
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        [((1, 0), (0, 1)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), ((0, 1), (1, 0))],
    ),
    "stag_hunt": (
        [[4, 1], [3, 3]],
        [[4, 3], [1, 3]],
        [((1, 0), (1, 0)), ((third, t), (third, t)), ((0, 1), (0, 1))],
    ),
    "rock_paper_scissors": (
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        [((t, t, t), (t, t, t))],
    ),
    # von Stengel (2007), Algorithmic Game Theory, figure 3.3: a 3x2 game with three equilibria
    "von_stengel_3x2": (
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        [((1, 0, 0), (1, 0)), ((F(4, 5), F(1, 5), 0), (third, t)), ((0, t, third), (t, third))],
    ),
}


def _as_fractions(profile):
    return tuple(tuple(F(p) for p in s) for s in profile)


def _exact_set(result):
    return [tuple(tuple(s) for s in eq.strategies) for eq in result]


@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_classic_games_exact(method, name):
    A, B, expected = CLASSIC[name]
    result = method(NormalFormGame.from_bimatrix(A, B))
    assert result.arithmetic == "exact" and result.status is Status.COMPLETE
    assert result.degenerate is False
    assert _exact_set(result) == [_as_fractions(p) for p in expected]
    assert all(eq.regret == 0 and isinstance(eq.regret, F) for eq in result)
    # nondegenerate: one singleton component per equilibrium
    assert [c.equilibria for c in result.components] == [(k,) for k in range(len(expected))]


@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_classic_games_float(method, name):
    A, B, expected = CLASSIC[name]
    game = NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))
    result = method(game)
    # float vertex enumeration may enumerate one polytope (ties in both matrices: both): it then checks
    # degeneracy at the equilibria only and says None, never False
    assert result.arithmetic == "float" and result.status is Status.COMPLETE
    assert result.degenerate in ((None, False) if method is vertex_enumeration else (False,))
    assert len(result) == len(expected)
    for eq, want in zip(result, expected, strict=True):
        assert eq.isclose([np.array(s, dtype=float) for s in _as_fractions(want)], atol=1e-12)
        assert eq.regret <= 1e-12 * game.scale()


@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
def test_arithmetic_option_overrides_the_game(method):
    A, B, expected = CLASSIC["battle_of_the_sexes"]
    exact_game = NormalFormGame.from_bimatrix(A, B)
    as_float = method(exact_game, arithmetic="float")
    assert as_float.arithmetic == "float" and isinstance(as_float[1].regret, float)
    float_game = exact_game.to_float()
    as_exact = method(float_game, arithmetic="exact")
    assert as_exact.arithmetic == "exact"
    assert _exact_set(as_exact) == [_as_fractions(p) for p in expected]
    assert as_exact.options["arithmetic"] == "exact" and as_exact.options["backend"] == "native"


# ----------------------------------------------------------------------------------- degenerate games
DEGENERATE = {
    # the row player strictly prefers the top row; the column player is indifferent: T x [L, R]
    "indifferent_column": (
        [[1, 1], [0, 0]],
        [[1, 1], [1, 1]],
        [((1, 0), (1, 0)), ((1, 0), (0, 1))],
        [((0, 1), ((0, 1),))],
    ),
    # every profile is an equilibrium: one component, one clique of four extreme equilibria
    "all_zero": (
        [[0, 0], [0, 0]],
        [[0, 0], [0, 0]],
        [((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (1, 0)), ((0, 1), (0, 1))],
        [((0, 1, 2, 3), ((0, 1, 2, 3),))],
    ),
    # T x conv(L, R) and conv(T, B) x R: one component made of two cliques
    "two_cliques": (
        [[1, 1], [0, 1]],
        [[1, 1], [0, 1]],
        [((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (0, 1))],
        [((0, 1, 2), ((0, 1), (1, 2)))],
    ),
    # QuantEcon's degenerate variant of von Stengel's 3x2 game: a segment and an isolated point
    "quantecon_degenerate": (
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        [((1, 0, 0), (1, 0)), ((1, 0, 0), (third, t)), ((0, t, third), (t, third))],
        [((0, 1), ((0, 1),)), ((2,), ((2,),))],
    ),
}


@pytest.mark.parametrize("arithmetic", ["exact", "float"])
@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_games_report_extreme_equilibria_and_components(name, method, arithmetic):
    A, B, expected, components = DEGENERATE[name]
    game = NormalFormGame.from_bimatrix(A, B)
    if arithmetic == "float":
        game = game.to_float()
    with pytest.warns(DegenerateGameWarning, match="degenerate"):
        result = method(game)
    assert result.degenerate is True and result.status is Status.COMPLETE
    assert result.arithmetic == arithmetic
    if arithmetic == "exact":
        assert _exact_set(result) == [_as_fractions(p) for p in expected]
    else:
        assert len(result) == len(expected)
        for eq, want in zip(result, expected, strict=True):
            assert eq.isclose([np.array(s, dtype=float) for s in _as_fractions(want)], atol=1e-12)
        assert any("exactly" in note for note in result.notes)
    assert [(c.equilibria, c.cliques) for c in result.components] == components
    if method is support_enumeration:
        assert any("so the game is degenerate; the game was solved by vertex enumeration" in n for n in result.notes)


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_every_point_of_a_clique_is_an_equilibrium(name):
    A, B, _, _ = DEGENERATE[name]
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.warns(DegenerateGameWarning):
        result = vertex_enumeration(game)
    rng = np.random.default_rng(3)
    for comp in result.components:
        for clique in comp.cliques:
            xs = {tuple(result[k].strategies[0]) for k in clique}
            ys = {tuple(result[k].strategies[1]) for k in clique}
            assert len(xs) * len(ys) == len(clique)  # a clique is a full product X x Y
            for _ in range(5):
                wx = [F(int(v)) for v in rng.integers(1, 10, len(xs))]
                wy = [F(int(v)) for v in rng.integers(1, 10, len(ys))]
                x = sum((w * np.array(p, dtype=object) for w, p in zip(wx, xs, strict=True))) / sum(wx)
                y = sum((w * np.array(p, dtype=object) for w, p in zip(wy, ys, strict=True))) / sum(wy)
                assert game.max_regret((x, y)) == 0


def test_hidden_degeneracy_is_flagged_even_with_isolated_equilibria():
    # column 2 is never played, but against row 0 columns 0 and 2 tie: degenerate, equilibria isolated
    A = [[3, 0, 0], [0, 3, 0]]
    B = [[2, 0, 2], [0, 2, -5]]
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.warns(DegenerateGameWarning):
        result = vertex_enumeration(game)
    assert result.degenerate is True
    for eq in result:
        assert game.is_equilibrium(eq.strategies)


def test_nondegenerate_games_do_not_warn():
    A, B, _ = CLASSIC["battle_of_the_sexes"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)
        vertex_enumeration(NormalFormGame.from_bimatrix(A, B))
        support_enumeration(NormalFormGame.from_bimatrix(A, B))


def test_warning_names_the_game():
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]], title="indifferent")
    with pytest.warns(DegenerateGameWarning, match="2x2 game 'indifferent' is degenerate"):
        vertex_enumeration(game)


# ----------------------------------------------------------------------------------- shapes and options
@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("arithmetic", ["exact", "float"])
def test_one_action_players(method, arithmetic):
    row_only = NormalFormGame.from_bimatrix([[1, 5, 3]], [[2, 7, 1]])
    col_only = NormalFormGame.from_bimatrix([[1], [5], [3]], [[2], [7], [1]])
    single = NormalFormGame.from_bimatrix([[4]], [[-2]])
    for game, want in ((row_only, ((1,), (0, 1, 0))), (col_only, ((0, 1, 0), (1,))), (single, ((1,), (1,)))):
        result = method(game, arithmetic=arithmetic)
        assert len(result) == 1
        assert result[0].isclose([np.array(s, dtype=float) for s in want])


@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
def test_bad_options_and_games_are_clear_errors(method):
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="backend must be one of"):
        method(game, backend="gambit")
    with pytest.raises(ValueError, match="arithmetic must be one of"):
        method(game, arithmetic="interval")
    with pytest.raises(ValueError, match="rtol"):
        method(game, rtol=-1.0)
    with pytest.raises(NotApplicableError, match="two-player"):
        method(NormalFormGame(np.zeros((3, 2, 2, 2))))
    with pytest.raises(NotApplicableError, match="no exact arithmetic"):
        method(game, arithmetic="exact", backend="nashpy")


def test_support_enumeration_refuses_hopeless_sizes():
    game = NormalFormGame.from_bimatrix(np.zeros((15, 15)), np.zeros((15, 15)))
    with pytest.raises(NotApplicableError, match="use vertex_enumeration"):
        support_enumeration(game)


def test_dispatch_through_nash_equilibria():
    A, B, expected = CLASSIC["stag_hunt"]
    game = NormalFormGame.from_bimatrix(A, B)
    for name in ("support_enumeration", "vertex_enumeration"):
        result = nash_equilibria(game, name)
        assert result.method == name
        assert _exact_set(result) == [_as_fractions(p) for p in expected]
    assert nash_equilibria(game).method == "vertex_enumeration"


def test_results_are_deterministic_and_serializable():
    A, B, _ = CLASSIC["von_stengel_3x2"]
    game = NormalFormGame.from_bimatrix(A, B)
    first, second = vertex_enumeration(game), vertex_enumeration(game)
    assert first.to_dict() == second.to_dict()
    assert first.to_dict()["equilibria"][1]["strategies"]["Row"] == {"a0": "4/5", "a1": "1/5", "a2": "0"}


# ----------------------------------------------------------------------------------- nashpy backend
@pytest.mark.parametrize("method", METHODS, ids=lambda f: f.__name__)
def test_nashpy_backend_is_certified_and_partial(method):
    A, B, expected = CLASSIC["battle_of_the_sexes"]
    game = NormalFormGame.from_bimatrix(A, B)
    result = method(game, backend="nashpy")
    assert result.status is Status.PARTIAL and result.arithmetic == "float"
    assert result.degenerate is None
    assert result.options["backend"] == "nashpy"
    assert any("does not prove its set complete" in note for note in result.notes)
    assert len(result) == 3
    for eq in result:
        assert game.is_equilibrium(eq.strategies)


def test_nashpy_backend_drops_profiles_that_fail_certification(monkeypatch):
    import nashpy

    def fake(self):
        yield np.array([1.0, 0.0]), np.array([1.0, 0.0])  # an equilibrium of the game below
        yield np.array([1.0, 0.0]), np.array([0.0, 1.0])  # not an equilibrium
        yield np.array([np.nan, 0.0]), np.array([0.0, 1.0])  # garbage

    monkeypatch.setattr(nashpy.Game, "vertex_enumeration", fake)
    game = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = vertex_enumeration(game, backend="nashpy")
    assert len(result) == 1 and result[0].is_pure
    assert any("2 of 3 profiles returned by nashpy failed certification" in note for note in result.notes)


# ----------------------------------------------------------------------------------- support enumeration paths
@pytest.mark.parametrize("arithmetic", ["exact", "float"])
def test_support_enumeration_falls_back_on_a_consistent_singular_system(arithmetic):
    # columns 0 and 1 of B are equal: any x on rows {0, 1} makes them indifferent (a singular,
    # consistent system), yet column 2 is always strictly better, so the game is nondegenerate
    game = NormalFormGame.from_bimatrix([[6, 0, 2], [0, 4, 5]], [[1, 1, 5], [2, 2, 6]])
    if arithmetic == "float":
        game = game.to_float()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)
        se = support_enumeration(game)
        ve = vertex_enumeration(game)
    assert any("singular but consistent" in note and "vertex enumeration" in note for note in se.notes)
    assert se.degenerate is False and ve.degenerate in ((None, False) if arithmetic == "float" else (False,))
    assert len(se) == len(ve) == 1 and se[0].isclose(ve[0])
    assert se[0].supports == (("a1",), ("a2",))


def test_exact_support_enumeration_without_python_flint(monkeypatch):
    A, B, expected = CLASSIC["von_stengel_3x2"]
    game = NormalFormGame.from_bimatrix(A, B)
    monkeypatch.setattr(se_module, "_solve", se_module._solve_python)
    assert _exact_set(support_enumeration(game)) == [_as_fractions(p) for p in expected]
    with pytest.warns(DegenerateGameWarning):
        result = support_enumeration(NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]]))
    assert result.degenerate is True


def test_exact_support_enumeration_with_python_flint():
    pytest.importorskip("flint")
    assert se_module._solve is se_module._solve_flint
    assert se_module._solve_flint([[2, 1], [1, 3]]) == ([2, 1], 5)
    assert se_module._solve_flint([[1, 2], [2, 4]]) is None
    assert se_module._solve_flint([[2, 1], [1, -1]]) is se_module._NEGATIVE  # z = (2/3, -1/3)


# ----------------------------------------------------------------------------------- kernels
def test_float_and_exact_polytope_kernels_agree_with_qhull():
    rng = np.random.default_rng(11)
    for d, e in [(1, 3), (3, 1), (2, 2), (3, 5), (5, 3), (6, 6), (7, 4)]:
        M = rng.integers(1, 10**6, size=(d, e))
        exact, degenerate = exact_vertices(M.tolist())
        assert not degenerate
        want = sorted(labels_of_mask(v.mask) for v in exact)
        for kernel in (float_vertices, qhull_vertices):
            got = sorted(np.flatnonzero(row).tolist() for row in kernel(M / 10**6).tight)
            assert got == want, (kernel.__name__, d, e)
        for v in exact:  # coordinates really are a vertex with exactly these tight constraints
            z = [F(c, v.denominator) for c in v.coords]
            slack = [z[k] for k in range(d)] + [1 - sum(z[i] * int(M[i, j]) for i in range(d)) for j in range(e)]
            assert all(s >= 0 for s in slack)
            assert [k for k, s in enumerate(slack) if s == 0] == labels_of_mask(v.mask)


def test_float_kernels_raise_on_degeneracy():
    M = np.array([[1.0, 1.0], [1.0, 1.0]])
    for kernel in (float_vertices, qhull_vertices):
        with pytest.raises(Degeneracy):
            kernel(M)
    with pytest.raises(ValueError, match="positive"):
        float_vertices(np.array([[0.0, 1.0]]))
    with pytest.raises(ValueError, match="positive"):
        exact_vertices([[0, 1]])


def test_exact_kernel_walks_every_degenerate_basis():
    # three constraints through the vertex (1/2, 1/2) of a 2-dimensional polytope
    verts, degenerate = exact_vertices([[4, 2, 3], [2, 4, 3]])
    assert degenerate
    assert sorted(labels_of_mask(v.mask) for v in verts) == [[0, 1], [0, 3], [1, 2], [2, 3, 4]]


def test_mask_keys_for_many_constraints():
    flags = np.zeros((3, 70), dtype=bool)
    flags[0, [1, 65]] = True
    flags[1, [1, 65]] = True
    flags[2, [2, 69]] = True
    keys = mask_keys(flags)
    assert keys[0] == keys[1] and keys[0] != keys[2]
    assert len(np.unique(keys)) == 2


def test_wide_game_with_more_than_64_labels():
    rng = np.random.default_rng(5)
    A, B = rng.standard_normal((2, 70)), rng.standard_normal((2, 70))
    game = NormalFormGame.from_bimatrix(A, B)
    result = vertex_enumeration(game)
    assert len(result) >= 1 and result.degenerate is None  # one polytope: checked at the equilibria only
    assert all(game.is_equilibrium(eq.strategies) for eq in result)
    exact = vertex_enumeration(game, arithmetic="exact")
    assert len(exact) == len(result)


def test_exact_linear_algebra_helpers():
    assert solve_integer([[0, 1], [1, 0]], [3, 4]) == ([4, 3], 1)  # needs a row swap
    assert rank_integer([[0, 0], [0, 0]]) == 0
    assert rank_integer([[1, 2], [2, 4], [0, 1]]) == 2
    assert positive_integer_matrix(np.array([[F(5)]], dtype=object)) == [[1]]


def test_clique_enumeration():
    assert maximal_cliques([]) == []
    edges = [("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 2), ("c", 3)]
    cliques = sorted((sorted(X), sorted(Y)) for X, Y in maximal_cliques(edges))
    assert cliques == [(["a", "b"], [1, 2]), (["a", "b", "c"], [2]), (["c"], [2, 3])]
    comps = equilibrium_components(edges + [("d", 4)])
    assert [c.equilibria for c in comps] == [(0, 1, 2, 3, 4, 5), (6,)]
    assert comps[0].cliques == ((0, 1, 2, 3), (1, 3, 4), (4, 5))


def test_invalid_payoffs_are_rejected_before_solving():
    with pytest.raises(InvalidGameError):
        NormalFormGame.from_bimatrix([[1, float("nan")]], [[1, 2]])
