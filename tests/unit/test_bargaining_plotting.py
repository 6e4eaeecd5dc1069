"""Bargaining plots (Agg backend): they draw what they say and return the Axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import sympy  # noqa: E402

from negotiation import BargainingError, BargainingProblem, nash_bargaining_solution  # noqa: E402
from negotiation.plotting.bargaining import plot_bargaining, plot_share_vs_parameter  # noqa: E402


def test_plot_bargaining_marks_every_solution_and_the_disagreement_point():
    p = BargainingProblem.from_points([(0, 1), (1, "7/10"), (1, 0)], (0, 0), title="KS (1975)")
    ax = plot_bargaining(p)
    texts = {t.get_text() for t in ax.texts}
    assert "d" in texts and "ideal" in texts
    assert "nash, utilitarian" in texts and "kalai_smorodinsky, egalitarian" in texts
    assert ax.get_title() == "KS (1975)" and ax.get_xlabel() == "payoff of P0"
    plt.close(ax.figure)


def test_plot_bargaining_on_given_axes_with_chosen_solutions_and_symbolic_problem():
    s = sympy.Symbol("s", positive=True)
    p = BargainingProblem.transferable(s, (1, 0), parameters={"s": 6})
    fig, ax = plt.subplots()
    out = plot_bargaining(p, {"N": nash_bargaining_solution(p)}, ax=ax)
    assert out is ax
    assert {t.get_text() for t in ax.texts} >= {"N", "d"}
    xs, ys = ax.lines[0].get_data()
    assert list(xs) == [1.0, 6.0] and list(ys) == [5.0, 0.0]
    plt.close(fig)


def test_plot_share_vs_parameter_symbolic_and_factory():
    o = sympy.Symbol("o")
    p = BargainingProblem.transferable(10, (o, 0), parameters={"o": 2})
    ax = plot_share_vs_parameter(p, "o", [0, 2, 4], player=1)
    assert [round(float(v), 6) for v in ax.lines[0].get_ydata()] == [0.5, 0.4, 0.3]
    plt.close(ax.figure)

    def factory(v):
        return BargainingProblem.from_points([(0, 10), (v, v), (10, 0)], (0, 0))

    ax = plot_share_vs_parameter(factory, "c", [4, 6, 8], concepts=("nash",), basis="gain")
    assert len(ax.lines) == 2 and ax.get_xlabel() == "c"  # the series and the 50% guide line
    assert [float(v) for v in ax.lines[0].get_ydata()] == [0.5, 0.5, 0.5]
    plt.close(ax.figure)


def test_plot_share_vs_parameter_errors():
    o = sympy.Symbol("o")
    p = BargainingProblem.transferable(10, (o, 0), parameters={"o": 2})
    with pytest.raises(BargainingError, match="no parameter"):
        plot_share_vs_parameter(p, "x", [1])
    with pytest.raises(BargainingError, match="unknown concepts"):
        plot_share_vs_parameter(p, "o", [1], concepts=("shapley",))
    with pytest.raises(TypeError):
        plot_share_vs_parameter(3, "o", [1])  # type: ignore[arg-type]


# ---------------------------------------------------------------------- review 4 (session 4)
def test_plot_share_player_errors_name_the_argument():
    """Finding 12: player='Lab' gave a raw ValueError (tuple.index), player=2 a raw IndexError."""
    o = sympy.Symbol("o")
    p = BargainingProblem.transferable(10, (o, 0), parameters={"o": 2})
    for bad in ("Lab", 2, True, 0.5):
        with pytest.raises(BargainingError, match=r"player must be 0, 1 or one of the names \['P0', 'P1'\], got"):
            plot_share_vs_parameter(p, "o", [0, 2], player=bad)
    with pytest.raises(BargainingError, match="basis must be one of"):
        plot_share_vs_parameter(p, "o", [0, 2], basis="surplus")
    ax = plot_share_vs_parameter(p, "o", [0, 2], player="P1")
    assert [float(v) for v in ax.lines[0].get_ydata()] == [0.5, 0.4]
    plt.close(ax.figure)


def test_negative_share_of_the_surplus_warns_and_draws_the_bounds():
    """Finding 14: at o = -12 the Nash payoffs are (-1, 11): P0's share of the surplus is -10%."""
    o = sympy.Symbol("o")
    p = BargainingProblem.transferable(10, (o, 0), parameters={"o": 2})
    with pytest.warns(UserWarning, match=r"leaves \[0, 1\].*o = -12: -0.1"):
        ax = plot_share_vs_parameter(p, "o", [-12, 0], concepts=("nash",))
    assert [float(v) for v in ax.lines[0].get_ydata()] == [-0.1, 0.5]
    assert {tuple(line.get_ydata()) for line in ax.lines[1:]} >= {(0.0, 0.0), (1.0, 1.0)}
    assert ax.get_ylabel() == "share of P0 (of the surplus)"
    plt.close(ax.figure)


def test_plot_share_without_transferable_utility_is_unit_free_by_default():
    """The default basis follows the power report: without transferable utility each side's gain as a
    fraction of its own ideal gain, so the curve does not change with a player's utility unit."""
    def factory(unit):
        return lambda c: BargainingProblem.from_points([(0, 10 * unit), (c, 6 * unit), (10, 0)], (0, 0))

    one = plot_share_vs_parameter(factory(1), "c", [4, 6, 8], concepts=("nash", "kalai_smorodinsky"))
    ten = plot_share_vs_parameter(factory(10), "c", [4, 6, 8], concepts=("nash", "kalai_smorodinsky"))
    for k in (0, 1):
        assert list(one.lines[k].get_ydata()) == list(ten.lines[k].get_ydata())
    assert one.get_ylabel() == "P0's gain as a fraction of its ideal gain"
    payoff = plot_share_vs_parameter(factory(10), "c", [4, 6], concepts=("nash",), basis="payoff")
    assert "common unit assumed" in payoff.get_ylabel()
    for ax in (one, ten, payoff):
        plt.close(ax.figure)
