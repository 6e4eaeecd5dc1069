"""Game pictures: payoff table and best-response diagram (Agg backend; assertions on the artists)."""

from __future__ import annotations

from fractions import Fraction

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from negotiation import NormalFormGame, NotApplicableError  # noqa: E402
from negotiation.plotting.games import (  # noqa: E402
    best_response_segments,
    equilibrium_pieces,
    plot_best_responses,
    plot_payoff_table,
)

F = Fraction


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


BOS = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Ann", "Bob"],
                                   actions=[["Opera", "Football"], ["Opera", "Football"]], title="Battle of the sexes")
PENNIES = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def _is_equilibrium(game, x, y):
    return game.is_equilibrium(([y, 1 - y], [x, 1 - x]))


# ----------------------------------------------------------------------------- exact geometry
@pytest.mark.parametrize(
    ("game", "points"),
    [
        (BOS, [(F(0), F(0)), (F(1, 3), F(2, 3)), (F(1), F(1))]),
        (PENNIES, [(F(1, 2), F(1, 2))]),
        (PD, [(F(0), F(0))]),
    ],
)
def test_equilibrium_points_of_nondegenerate_games(game, points):
    pieces = equilibrium_pieces(game)
    assert [lo for lo, hi in pieces] == points and all(lo == hi for lo, hi in pieces)
    for x, y in points:
        assert _is_equilibrium(game, x, y)


def test_degenerate_game_gives_a_segment_of_equilibria():
    # Row: Up is weakly dominant (ties when Column plays Left); Column is indifferent after Up
    game = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [0, 2]])
    pieces = equilibrium_pieces(game)
    segments = [(lo, hi) for lo, hi in pieces if lo != hi]
    assert segments, pieces
    for lo, hi in pieces:  # every point of every piece is an equilibrium (checked at ends and middle)
        for t in (F(0), F(1, 2), F(1)):
            x = lo[0] + t * (hi[0] - lo[0])
            y = lo[1] + t * (hi[1] - lo[1])
            assert _is_equilibrium(game, x, y)


def test_indifferent_player_has_the_whole_square():
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 0]])
    row, column = best_response_segments(game)
    assert column == [((F(0), F(0)), (F(1), F(1)))]
    assert equilibrium_pieces(game) == sorted(row)  # equilibria = the row player's correspondence


def test_fully_indifferent_game_everything_is_an_equilibrium():
    game = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[0, 0], [0, 0]])
    assert equilibrium_pieces(game) == [((F(0), F(0)), (F(1), F(1)))]


def test_random_games_pieces_are_equilibria_and_contain_the_pure_ones():
    rng = np.random.default_rng(3)
    for _ in range(30):
        A, B = rng.integers(-2, 3, size=(2, 2, 2))
        game = NormalFormGame.from_bimatrix(A, B)
        pieces = equilibrium_pieces(game)
        assert pieces  # every finite game has an equilibrium
        for lo, hi in pieces:
            for t in (F(0), F(1, 3), F(1)):
                assert _is_equilibrium(game, lo[0] + t * (hi[0] - lo[0]), lo[1] + t * (hi[1] - lo[1]))
        # and every pure equilibrium lies in some piece
        for r in range(2):
            for c in range(2):
                x, y = F(1 - c), F(1 - r)
                if _is_equilibrium(game, x, y):
                    assert any(lo[0] <= x <= hi[0] and lo[1] <= y <= hi[1] for lo, hi in pieces)


# ----------------------------------------------------------------------------- best-response plot
def test_best_response_plot_battle_of_the_sexes(tmp_path):
    ax = plot_best_responses(BOS)
    assert len(_gid(ax.lines, "best-response-row")) == 1
    assert len(_gid(ax.lines, "best-response-column")) == 1
    marks = _gid(ax.lines, "equilibrium")
    assert len(marks) == 3
    xy = sorted((float(m.get_xdata()[0]), float(m.get_ydata()[0])) for m in marks)
    assert xy == pytest.approx([(0, 0), (1 / 3, 2 / 3), (1, 1)])
    row = _gid(ax.lines, "best-response-row")[0]
    assert list(row.get_xdata()) == pytest.approx([0, 1 / 3, 1 / 3, 1])
    assert list(row.get_ydata()) == [0, 0, 1, 1]
    assert "Bob" in ax.get_xlabel() and "Opera" in ax.get_ylabel()
    out = tmp_path / "bos.png"
    ax.figure.savefig(out)
    assert out.stat().st_size > 1000


def test_best_response_plot_pennies_one_marker_on_given_axes():
    fig, ax = plt.subplots()
    assert plot_best_responses(PENNIES, ax=ax) is ax
    marks = _gid(ax.lines, "equilibrium")
    assert len(marks) == 1 and marks[0].get_xdata()[0] == 0.5


def test_best_response_plot_degenerate_draws_component_and_square(tmp_path):
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 0]])
    ax = plot_best_responses(game)
    assert len(_gid(ax.patches, "best-response-column")) == 1  # shaded square
    assert len(_gid(ax.lines, "equilibrium-component")) == 3
    ax.figure.savefig(tmp_path / "degenerate.png")


def test_best_response_plot_marks_given_equilibria():
    ax = plot_best_responses(BOS, equilibria=[("Opera", "Opera")])
    marks = _gid(ax.lines, "equilibrium")
    assert len(marks) == 1 and (marks[0].get_xdata()[0], marks[0].get_ydata()[0]) == (1.0, 1.0)


def test_best_response_plot_needs_2x2():
    with pytest.raises(NotApplicableError, match="2x2"):
        plot_best_responses(NormalFormGame.zero_sum([[1, 2, 3], [3, 2, 1]]))
    with pytest.raises(NotApplicableError, match="two-player"):
        plot_best_responses(NormalFormGame(np.zeros((3, 2, 2, 2))))


# ----------------------------------------------------------------------------- payoff table
def test_payoff_table_cells_labels_and_highlights(tmp_path):
    mixed = (["2/3", "1/3"], ["1/3", "2/3"])
    ax = plot_payoff_table(BOS, equilibria=[("Opera", "Opera"), ("Football", "Football"), mixed])
    cells = _gid(ax.texts, "cell")
    assert [t.get_text() for t in cells] == ["2, 1", "0, 0", "0, 0", "1, 2"]
    assert len(_gid(ax.patches, "equilibrium-pure")) == 2
    assert len(_gid(ax.patches, "equilibrium-support")) == 4  # full-support mixed equilibrium
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Opera", "Football"]
    assert ax.get_xlabel() == "Bob" and ax.get_ylabel() == "Ann"
    assert ax.get_title() == "Battle of the sexes"
    out = tmp_path / "table.png"
    ax.figure.savefig(out)
    assert out.stat().st_size > 1000


def test_payoff_table_no_equilibria_and_float_digits():
    game = NormalFormGame.from_bimatrix([[1 / 3, 2.0, 0.0]], [[1.0, 0.5, -1.25]])
    ax = plot_payoff_table(game, digits=2)
    assert [t.get_text() for t in _gid(ax.texts, "cell")] == ["0.33, 1", "2, 0.5", "0, -1.2"]
    assert not _gid(ax.patches, "equilibrium-pure")


def test_payoff_table_accepts_result_like_objects():
    class FakeEquilibrium:
        strategies = ([0, 1], [0, 1])

    class FakeResult:
        equilibria = (FakeEquilibrium(),)

    ax = plot_payoff_table(PD, equilibria=FakeResult())
    (patch,) = _gid(ax.patches, "equilibrium-pure")
    assert patch.get_xy() == (1, 1)


def test_payoff_table_rejects_three_players_and_non_games():
    with pytest.raises(NotApplicableError):
        plot_payoff_table(NormalFormGame(np.zeros((3, 2, 2, 2))))
    with pytest.raises(TypeError):
        plot_payoff_table([[1, 2]])
