"""Regression: games at the edges of the number system, found by an adversarial review (session 3).

- Exact equilibria closer than 1e-12 to each other are distinct (they were merged by rounded keys).
- Payoffs far from zero compared with their spread (dollar amounts such as 1.25e9 + a few units) are
  certified within what float64 can resolve, not rejected as "not an equilibrium".
- Payoffs, or payoff spreads, beyond the float64 range are refused at construction with a clear
  message (an infinite range made every profile pass the tolerance).
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import InvalidGameError, NormalFormGame, nash_equilibria
from negotiation.numeric import absolute_tolerance, rounding_allowance


def exact_regret(A, B, x, y) -> F:
    """The definition, in Fractions: the larger gain of a pure deviation."""
    A = [[F(v) for v in row] for row in A]
    B = [[F(v) for v in row] for row in B]
    x, y = [F(v) for v in x], [F(v) for v in y]
    m, n = len(A), len(A[0])
    rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(x[i] * B[i][j] for i in range(m)) for j in range(n)]
    u = sum(x[i] * rows[i] for i in range(m))
    v = sum(cols[j] * y[j] for j in range(n))
    return max(max(rows) - u, max(cols) - v)


def as_fractions(result):
    return sorted(tuple(tuple(F(p) for p in s) for s in e.strategies) for e in result)


# ------------------------------------------------------------------------------------ exact near-duplicates


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_exact_equilibria_closer_than_1e_12_are_not_merged(method):
    """A nondegenerate 2x2 game with three equilibria, one mixed within 1e-13 of a pure one."""
    big = 10**13
    A = [[1, 0], [0, big]]
    B = [[F(1, big), 0], [0, 1]]
    g = NormalFormGame.from_bimatrix(A, B)
    p = F(big, big + 1)  # the mixed equilibrium: each player mixes (p, 1 - p)
    expected = sorted([((F(1), F(0)), (F(1), F(0))), ((p, 1 - p), (p, 1 - p)), ((F(0), F(1)), (F(0), F(1)))])
    for x, y in expected:
        assert exact_regret(A, B, x, y) == 0
    res = nash_equilibria(g, method=method)
    assert res.arithmetic == "exact" and res.is_complete and res.degenerate is False
    assert as_fractions(res) == expected


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_exact_degenerate_game_keeps_extreme_equilibria_2e_14_apart(method):
    """A degenerate 2x4 game: six extreme equilibria (pygambit's rational enummixed agrees), two pairs of
    them 2e-14 apart in the row player's strategy; all in one component."""
    c = F(1, 2) + F(1, 10**14)
    A = [[1, 0, 0, 0], [0, 1, 0, 0]]
    B = [[c, c, 1, 0], [c, c, 0, 1]]
    g = NormalFormGame.from_bimatrix(A, B)
    lo, hi = F(1, 2) - F(1, 10**14), F(1, 2) + F(1, 10**14)
    half = F(1, 2)
    expected = sorted([
        ((F(1), F(0)), (F(0), F(0), F(1), F(0))),
        ((hi, lo), (half, half, F(0), F(0))),
        ((hi, lo), (F(0), F(0), F(1), F(0))),
        ((lo, hi), (half, half, F(0), F(0))),
        ((lo, hi), (F(0), F(0), F(0), F(1))),
        ((F(0), F(1)), (F(0), F(0), F(0), F(1))),
    ])
    for x, y in expected:
        assert exact_regret(A, B, x, y) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = nash_equilibria(g, method=method)
    assert res.degenerate is True and as_fractions(res) == expected
    assert [c.equilibria for c in res.components] == [tuple(range(6))]


# ------------------------------------------------------------------------------------ payoffs far from zero


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration", "auto"])
def test_dollar_scale_payoffs_are_certified(method):
    """1.25e9 + small integers: one unit in the last place is 2.4e-7, more than 1e-9 of the spread
    (9); the equilibrium (a0; 1/5, 4/5) at the end of a continuum must be listed, as in the exact game."""
    A0, B0 = np.array([[0, 6], [8, 4]]), np.array([[8, 8], [9, 3]])  # degenerate: B's first row ties
    g = NormalFormGame.from_bimatrix(1.25e9 + A0, 1.25e9 + B0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exact = nash_equilibria(NormalFormGame.from_bimatrix(A0.tolist(), B0.tolist()), method=method)
        res = nash_equilibria(g, method=method)
    assert len(res) == len(exact) == 3
    atol = g.tolerance(1e-9, mixed=True)
    for e, ex in zip(res, exact, strict=True):
        assert e.isclose(ex, atol=1e-9)
        assert exact_regret((1.25e9 + A0).tolist(), (1.25e9 + B0).tolist(), *e.strategies) <= atol
    assert max(e.regret for e in res) <= atol


def test_payoffs_within_1e_10_of_one_are_certified():
    rng = np.random.default_rng(98)
    A = 1.0 + 1e-10 * rng.integers(0, 3, size=(3, 5))
    B = 1.0 + 1e-10 * rng.integers(0, 3, size=(3, 5))
    g = NormalFormGame.from_bimatrix(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method in ("vertex_enumeration", "support_enumeration"):
            res = nash_equilibria(g, method=method)
            assert len(res) >= 1
            for e in res:
                assert float(exact_regret(A.tolist(), B.tolist(), *e.strategies)) <= g.tolerance(1e-9, mixed=True)


def test_mixed_tolerance_adds_the_rounding_allowance_and_agrees_with_numeric():
    rng = np.random.default_rng(5)
    for shape, offset in [((2, 2), 1.25e9), ((3, 4), 0.0), ((2, 3, 4), -7e6)]:
        payoffs = offset + rng.standard_normal((len(shape), *shape))
        g = NormalFormGame(payoffs)
        largest = float(np.abs(payoffs).max())
        assert g.tolerance(0.0) == 0.0 and g.tolerance(1e-9) == 1e-9 * g.scale()
        assert g.tolerance(0.0, mixed=True) == rounding_allowance(largest, shape) > 0
        assert g.tolerance(1e-9, mixed=True) == pytest.approx(
            1e-9 * g.scale() + rounding_allowance(largest, shape), rel=1e-12)
        for mixed in (False, True):
            assert absolute_tolerance(g.payoffs, 1e-9, mixed=mixed) == pytest.approx(
                g.tolerance(1e-9, mixed=mixed), rel=1e-12)
    # terms: a player's expected payoff sums prod(others' actions) products, then its own actions more
    assert rounding_allowance(1.0, (3, 5)) == 4 * np.finfo(float).eps * (5 + 3)
    assert rounding_allowance(1.0, (2, 3, 4)) == 4 * np.finfo(float).eps * (12 + 2)


# ------------------------------------------------------------------------------------ beyond float64


def test_payoff_spread_beyond_float64_is_refused():
    A = [[1e308, -1e308], [-1e308, 5e307]]
    B = [[5e307, -1e308], [-1e308, 1e308]]
    with pytest.raises(InvalidGameError, match=r"player 0's payoffs range from -1e\+308 to 1e\+308.*rescale"):
        NormalFormGame.from_bimatrix(A, B)
    NormalFormGame.from_bimatrix([[1e308, 0.0]], [[0.0, 1e308]])  # large but with a finite spread: fine


@pytest.mark.parametrize("value", [10**400, -(10**400), F(10**401, 3)])
def test_exact_payoffs_beyond_float64_are_refused(value):
    with pytest.raises(InvalidGameError, match=r"entry \(0, 0, 0\) is about -?1e40[01], beyond the float64 range"):
        NormalFormGame.from_bimatrix([[value, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="beyond the float64 range"):  # mixed exact and float input
        NormalFormGame.from_bimatrix([[value, 0], [0, 1]], [[1.0, 0.0], [0.0, 1.0]])


def test_tiny_exact_payoffs_still_solve_exactly():
    tiny = F(1, 10**400)
    g = NormalFormGame.from_bimatrix([[2 * tiny, 0], [0, tiny]], [[tiny, 0], [0, 2 * tiny]])
    res = nash_equilibria(g, method="vertex_enumeration")
    assert as_fractions(res) == sorted([
        ((F(1), F(0)), (F(1), F(0))), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), ((F(0), F(1)), (F(0), F(1))),
    ])


# ------------------------------------------------------------------------------------ huge inputs, refused early


@pytest.mark.parametrize("text", ["1e99999999", "1e9999_9999", "-2.5E-4001", "1e1_000_000", "7e 5000"])
def test_number_text_with_a_huge_exponent_is_refused_before_it_is_built(text):
    """"1e99999999" would be a 100-million-digit integer (minutes of CPU) if it were built."""
    from negotiation.numeric import MAX_EXPONENT, to_fraction

    with pytest.raises(ValueError, match=f"exponent out of range .*at most {MAX_EXPONENT}"):
        to_fraction(text)
    with pytest.raises(InvalidGameError, match="exponent out of range"):
        NormalFormGame.from_bimatrix([[text, 0], [0, 1]], [[1, 0], [0, 1]])
    assert to_fraction("2.5e-3") == F(1, 400) and to_fraction("1e4000") == 10**4000


@pytest.mark.parametrize("text", ["1e\u0669\u0669\u0669\u0669\u0669\u0669\u0669\u0669", "\u0661", "\uff11"])
def test_number_text_in_other_scripts_is_refused(text):
    """Python reads Arabic-Indic or full-width digits too, which the exponent check would not see."""
    from negotiation.numeric import to_fraction

    with pytest.raises(ValueError, match="plain ASCII"):
        to_fraction(text)


def test_from_function_checks_the_game_size_before_calling_f():
    from negotiation.model.normal_form import MAX_PROFILES

    calls = []
    with pytest.raises(InvalidGameError, match="game too large"):
        NormalFormGame.from_function(lambda *a: calls.append(a) or (0, 0), [10**4, 10**4])
    assert not calls and 10**8 > MAX_PROFILES


def test_decimal_payoffs_are_exact():
    from decimal import Decimal

    from negotiation.numeric import to_fraction

    g = NormalFormGame.from_bimatrix([[Decimal("0.1"), 0], [0, 1]], [[1, 0], [0, Decimal("-2.5")]])
    assert g.is_exact and g.payoffs[0, 0, 0] == F(1, 10) and g.payoffs[1, 1, 1] == F(-5, 2)
    mixed = NormalFormGame.from_bimatrix([[Decimal("0.1"), 1.5], [0, 1]], [[1, 0], [0, 1]])  # with a float: float
    assert not mixed.is_exact and mixed.payoffs[0, 0, 0] == 0.1
    assert NormalFormGame.from_bimatrix([[Decimal("0.1")]], [[1]], exact=False).payoffs[0, 0, 0] == 0.1
    for bad, why in [("NaN", "finite"), ("-Infinity", "finite"), ("1e99999999", "exponent out of range")]:
        with pytest.raises(ValueError, match=why):
            to_fraction(Decimal(bad))


def test_pure_profiles_get_no_rounding_allowance():
    """Prisoner's dilemma + 1e15: the payoffs are exact doubles (ulp 0.125) and a gain of 2 is resolved
    exactly, though the mixed-profile allowance (4 eps x 4 terms x 1e15 = 3.55) exceeds it; a review
    found the allowance applied to pure profiles (every profile listed as an equilibrium)."""
    from negotiation import iterated_elimination, pure_nash_equilibria

    A = 1e15 + np.array([[3.0, 0.0], [5.0, 1.0]])
    g = NormalFormGame.from_bimatrix(A, A.T.copy(), actions=[["C", "D"], ["C", "D"]])
    assert g.tolerance(1e-9, mixed=True) > 2  # mixed regrets of 2 are not resolvable here; pure ones are
    assert [e.supports for e in pure_nash_equilibria(g)] == [(("D",), ("D",))]
    assert not g.is_equilibrium(((1, 0), (1, 0)), rtol=0) and g.is_equilibrium(((0, 1), (0, 1)), rtol=0)
    assert g.best_responses(((1, 0), (1, 0)), "Row") == (1,)
    assert iterated_elimination(g).game.actions == (("D",), ("D",))
    three = NormalFormGame.from_function(
        lambda *a: tuple(1e15 + (1 if a[i] == "D" else 0) + 2 * sum(b == "C" for j, b in enumerate(a) if j != i)
                         for i in range(3)), [["C", "D"]] * 3)
    assert [e.supports for e in pure_nash_equilibria(three)] == [(("D",), ("D",), ("D",))]


# ------------------------------------------------------------------------------------ very long exact numbers


def test_exact_numbers_beyond_pythons_decimal_text_limit():
    """Python writes at most 4300 decimal digits of an int (sys.get_int_max_str_digits): such payoffs
    and probabilities are solved, digested exactly, shown rounded, and refused by write_nfg with a
    clear message (a review found 'internal error' crashes in the report and the digest)."""
    from negotiation import write_nfg
    from negotiation.numeric import format_number

    tiny = F(1, 3**10000)  # a 4772-digit denominator
    g = NormalFormGame.from_bimatrix([[tiny, 0], [0, 1]], [[1, 0], [0, 1]])
    h = NormalFormGame.from_bimatrix([[2 * tiny, 0], [0, 1]], [[1, 0], [0, 1]])
    assert g.digest() != h.digest()  # exact (hexadecimal) text in the digest, not a rounded one
    res = nash_equilibria(g)
    assert len(res) == 3 and res.max_regret == 0
    assert format_number(tiny) == "~6.12989e-4772 (exact: 1/4772 digits)"
    assert format_number(-7 * 10**5000) == "~-7.00000e+5000 (exact: 5001/1 digits)"
    assert format_number(F(2, 3)) == "2/3" and format_number(12) == "12"
    with pytest.raises(ValueError, match="write_nfg: an exact payoff .* more than 4300 digits"):
        write_nfg(g)


def test_nfg_round_trip_of_a_4294_digit_denominator_and_exponents_with_leading_zeros():
    from negotiation import read_nfg, write_nfg

    g = NormalFormGame.from_bimatrix([[F(1, 3**9000), 1]], [[0, 0]])  # each part under 4300 digits
    assert read_nfg(write_nfg(g)) == g
    text = 'NFG 1 R "t" { "A" "B" } { 2 1 }\n1e0000002 0 0 0'  # pygambit reads 100
    assert read_nfg(text).payoffs[0, 0, 0] == 100


def test_a_note_says_when_float64_resolves_mixed_regrets_only_coarsely():
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    far = NormalFormGame.from_bimatrix(1e15 + pennies, 1e15 - pennies)
    res = nash_equilibria(far, method="vertex_enumeration")
    assert [e.supports for e in res] == [(("a0", "a1"), ("a0", "a1"))]
    assert any("float64 resolves the regrets of mixed profiles only to about" in n for n in res.notes)
    near = NormalFormGame.from_bimatrix(1.25e9 + pennies, 1.25e9 - pennies)  # 4.4e-6, 2.2e-6 of 2: no note
    assert not any("float64 resolves" in n for n in nash_equilibria(near, method="vertex_enumeration").notes)
    A = 1e15 + np.array([[3.0, 0.0], [5.0, 1.0]])
    pd = NormalFormGame.from_bimatrix(A, A.T.copy())
    assert not any("float64 resolves" in n for n in nash_equilibria(pd).notes)  # pure: exact comparisons
