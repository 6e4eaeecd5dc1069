#!/usr/bin/env python
"""Time negotiation's equilibrium solvers against nashpy, quantecon and pygambit, in one run.

Every number printed is a ratio ``theirs / ours`` of median wall-clock times (``> 1`` means
negotiation is faster), measured single-threaded on random games drawn from fixed seeds.
Sections (``--sections``, default all):

``enum``
    All equilibria of random ``n x n`` games (standard-normal and uniform payoffs), n = 8 to 16:
    our float ``vertex_enumeration`` (the reference) and ``support_enumeration`` against
    quantecon's ``vertex_enumeration`` (after a JIT warm-up), pygambit's ``enummixed_solve``
    (floats) and nashpy's ``vertex_enumeration``. Exponential methods are capped (see
    ``CAPS``; ``--full`` lifts the caps).
``lh``
    Lemke-Howson per-pivot time at 25 to 400 actions, against quantecon's ``lemke_howson`` and
    nashpy's (25 only: its pivoting breaks down beyond), on the same games and initial labels so
    that all walk the same path. Both ours and quantecon's stop at ``--max-pivots``.
``zerosum``
    Value and optimal strategies of random zero-sum games (100 and 1000 actions) against
    nashpy's ``linear_program`` and one HiGHS LP with duals (scipy) as a floor.
``pure``
    Pure equilibria of n-player games (3x30, 4x12, 6x5, 5x20) against a plain numpy
    best-response mask and quantecon's ``pure_nash_brute`` (skipped above 200,000 profiles:
    it loops over profiles).

Solvers that are not importable are reported as "not available" instead of failing the run.

Usage::

    python benchmarks/run.py                   # everything (several minutes)
    python benchmarks/run.py --quick           # smoke run: small sizes, one game, one repeat
    python benchmarks/run.py --sections lh,pure --json out.json
"""

from __future__ import annotations

import os

# single-threaded BLAS/OpenMP/numba: must be set before numpy (or anything importing it) loads
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmark the checkout this script lives in
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from negotiation import NormalFormGame  # noqa: E402

SECTIONS = ("enum", "lh", "zerosum", "pure")
SEED = 20261126

#: Largest n each enumeration is run at (exponential methods; ``--full`` lifts these caps).
#: Measured here: support enumeration ~5 s at 12x12 and ~20x more per step; pygambit's
#: enummixed ~9 s at 12x12 and ~160 s at 14x14; nashpy's vertex enumeration ~6 s at 8x8.
CAPS = {"ours_se": 12, "pygambit": 12, "nashpy": 8}
#: nashpy's Lemke-Howson only at this size and below (beyond, its pivoting cycles).
NASHPY_LH_MAX = 25
#: quantecon's pure_nash_brute only up to this many profiles (a loop over profiles).
QE_PURE_MAX_PROFILES = 200_000
#: Lemke-Howson paths of at least this many pivots get a marginal per-pivot time.
MARGINAL_MIN_PIVOTS = 8
#: a call longer than this (seconds) is not repeated
LONG_CALL = 1.0
#: Calls shorter than this are timed in batches lasting about this long (seconds).
BATCH_SECONDS = 0.02


# ------------------------------------------------------------------------------ utilities
def rng_for(*key: int) -> np.random.Generator:
    """A generator for one game, from the run's seed and the game's coordinates."""
    return np.random.default_rng([SEED, *key])


def measure(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time of ``fn()`` over ``repeats`` samples (one call when it takes > LONG_CALL s).

    A call shorter than ``BATCH_SECONDS`` is timed in batches of calls lasting about that long
    (a sample is a batch's time per call), so microsecond calls are not lost in timer noise.
    """
    start = time.perf_counter()
    value = fn()
    first = time.perf_counter() - start
    if first > LONG_CALL:
        return first, value
    batch = max(1, math.ceil(BATCH_SECONDS / max(first, 1e-7))) if first < BATCH_SECONDS else 1
    times: list[float] = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        for _ in range(batch):
            value = fn()
        times.append((time.perf_counter() - start) / batch)
        if times[-1] > LONG_CALL:
            break
    return statistics.median(times), value


def optional(module: str, attr: str | None = None) -> Any:
    """``module.attr`` (or the module), or ``None`` when it cannot be imported."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return mod if attr is None else getattr(mod, attr, None)


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def ratio(theirs: float | None, ours: float | None) -> float | None:
    if theirs is None or ours is None or ours <= 0:
        return None
    return theirs / ours


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3g}x" if x < 100 else f"{x:,.0f}x"


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-5:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def print_table(title: str, header: list[str], rows: list[list[str]], notes: list[str]) -> None:
    print(f"\n== {title}")
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)))
    for note in notes:
        print(f"  note: {note}")


@dataclass
class Section:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def our_solver(module: str, name: str, section: Section) -> Any:
    fn = optional(f"negotiation.solvers.{module}", name)
    if fn is None:
        section.notes.append(f"ours: {name} not available (negotiation.solvers.{module} is missing)")
    return fn


# ------------------------------------------------------------------------------ (a) enumeration
def random_bimatrix(n: int, dist: str, key: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    rng = rng_for(*key)
    if dist == "normal":
        A, B = rng.standard_normal((2, n, n))
    else:
        A, B = rng.uniform(size=(2, n, n))
    return A, B


def section_enum(args: argparse.Namespace) -> Section:
    sec = Section("enum")
    sizes = (8,) if args.quick else tuple(range(8, 17))
    caps = {k: (math.inf if args.full else v) for k, v in CAPS.items()}
    ve = our_solver("vertex_enumeration", "vertex_enumeration", sec)
    se = our_solver("support_enumeration", "support_enumeration", sec)
    gt = optional("quantecon.game_theory")
    gbt = optional("pygambit")
    nashpy = optional("nashpy")
    to_pygambit = optional("negotiation.interop.gambit", "to_pygambit")
    for lib, mod in (("quantecon", gt), ("pygambit", gbt), ("nashpy", nashpy)):
        if mod is None:
            sec.notes.append(f"{lib}: not available (not installed)")
    if gt is not None:  # JIT warm-up, not timed
        gt.vertex_enumeration(gt.NormalFormGame(np.dstack(random_bimatrix(3, "normal", (0, 0)))))
    sec.notes.append(f"caps: support enumeration n <= {caps['ours_se']}, pygambit n <= {caps['pygambit']}, "
                     f"nashpy n <= {caps['nashpy']} (exponential running times; --full lifts them)")
    for n in sizes:
        for d, dist in enumerate(("normal", "uniform")):
            names = ("ours_ve", "ours_se", "quantecon", "pygambit", "nashpy")
            totals: dict[str, float | None] = {k: None for k in names}
            counts: dict[str, list[int]] = {k: [] for k in totals}
            for k in range(args.games):
                A, B = random_bimatrix(n, dist, (1, n, d, k))
                game = NormalFormGame.from_bimatrix(A, B)
                runs: dict[str, tuple[Callable[[], Any], Callable[[Any], int]]] = {}
                if ve is not None:
                    runs["ours_ve"] = (lambda g=game: ve(g, arithmetic="float"), len)
                if se is not None and n <= caps["ours_se"]:
                    runs["ours_se"] = (lambda g=game: se(g, arithmetic="float"), len)
                if gt is not None:
                    qg = gt.NormalFormGame(np.dstack([A, B]))
                    runs["quantecon"] = (lambda qg=qg: gt.vertex_enumeration(qg), len)
                if gbt is not None and to_pygambit is not None and n <= caps["pygambit"]:
                    pg = to_pygambit(game)
                    runs["pygambit"] = (lambda pg=pg: gbt.nash.enummixed_solve(pg, rational=False),
                                        lambda r: len(r.equilibria))
                if nashpy is not None and n <= caps["nashpy"]:
                    ng = nashpy.Game(A, B)
                    runs["nashpy"] = (lambda ng=ng: list(ng.vertex_enumeration()), len)
                for name, (fn, count) in runs.items():
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        seconds, value = measure(fn, args.repeats)
                    totals[name] = (totals[name] or 0.0) + seconds
                    counts[name].append(count(value))
            ours = totals["ours_ve"]
            row = {
                "n": n, "dist": dist, "games": args.games,
                "seconds": totals,
                "equilibria": counts,
                "ratios": {name: ratio(totals[name], ours) for name in names[1:]},
                "counts_agree": {
                    name: (counts[name] == counts["ours_ve"]) if counts[name] and counts["ours_ve"] else None
                    for name in names[1:]
                },
            }
            sec.rows.append(row)
            print(f"  enum n={n} {dist}: done", file=sys.stderr, flush=True)
    return sec


def show_enum(sec: Section) -> None:
    header = ["n", "payoffs", "ours VE", "ours SE", "quantecon", "pygambit", "nashpy", "SE/VE",
              "qe/ours", "gambit/ours", "nashpy/ours", "#eq", "counts agree"]
    rows = []
    for r in sec.rows:
        s, q = r["seconds"], r["ratios"]
        agree = [k for k, v in r["counts_agree"].items() if v is False]
        rows.append([r["n"], r["dist"], fmt_time(s["ours_ve"]), fmt_time(s["ours_se"]), fmt_time(s["quantecon"]),
                     fmt_time(s["pygambit"]), fmt_time(s["nashpy"]), fmt_ratio(q["ours_se"]),
                     fmt_ratio(q["quantecon"]), fmt_ratio(q["pygambit"]), fmt_ratio(q["nashpy"]),
                     ",".join(map(str, r["equilibria"]["ours_ve"])) or "-",
                     "yes" if not agree else "NO: " + ",".join(agree)])
    print_table("(a) all equilibria of random n x n games (times summed over the games; "
                "ratios theirs / our vertex enumeration)", header, rows, sec.notes)


# ------------------------------------------------------------------------------ (b) Lemke-Howson
class _PivotLimit(Exception):
    pass


def _nashpy_lh_counting(nashpy: Any, A: np.ndarray, B: np.ndarray, label: int, cap: int) -> tuple[int, bool]:
    """Run nashpy's Lemke-Howson, counting pivots; stop (False) after ``cap`` pivots."""
    tab = importlib.import_module("nashpy.linalg.tableau")
    # TableauLex's pivot calls the base class's, so counting there counts every pivot once
    originals = {tab.Tableau: tab.Tableau.pivot_and_drop_label}
    count = 0

    def wrap(original: Callable[..., int]) -> Callable[..., int]:
        def counted(self: Any, column_index: int) -> int:
            nonlocal count
            count += 1
            if count > cap:
                raise _PivotLimit
            return original(self, column_index)
        return counted

    try:
        for cls, original in originals.items():
            cls.pivot_and_drop_label = wrap(original)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nashpy.Game(A, B).lemke_howson(initial_dropped_label=label)
        return count, True
    except _PivotLimit:
        return cap, False
    finally:
        for cls, original in originals.items():
            cls.pivot_and_drop_label = original


def section_lh(args: argparse.Namespace) -> Section:
    sec = Section("lh")
    sizes = (25, 50) if args.quick else (25, 50, 100, 200, 400)
    lh = our_solver("lemke_howson", "lemke_howson", sec)
    gt = optional("quantecon.game_theory")
    nashpy = optional("nashpy")
    for lib, mod in (("quantecon", gt), ("nashpy", nashpy)):
        if mod is None:
            sec.notes.append(f"{lib}: not available (not installed)")
    cap = args.max_pivots
    sec.notes.append(f"pivot limit {cap:,} for ours and quantecon; per pivot = whole call time / pivots; "
                     f"nashpy only at n <= {NASHPY_LH_MAX} (its pivoting cycles beyond, and on some games at 25: "
                     "it is then stopped after 10x our pivot count and its per-pivot time is of that run)")
    if gt is not None:  # JIT warm-up
        A, B = random_bimatrix(4, "normal", (0, 1))
        gt.lemke_howson(gt.NormalFormGame(np.dstack([A, B])), init_pivot=0)
    if lh is not None:  # warm-up, including the numba kernel's one-time load when numba is there
        g = NormalFormGame.from_bimatrix(*random_bimatrix(6, "normal", (0, 2)))
        lh(g, arithmetic="float")
        try:
            lh(g, arithmetic="float", kernel="numba")
        except Exception:  # noqa: BLE001 - numba absent: the auto kernel stays on numpy
            pass
    for n in sizes:
        for k in range(args.games):
            A, B = random_bimatrix(n, "normal", (2, n, 0, k))
            game = NormalFormGame.from_bimatrix(A, B)
            label = args.label % (2 * n)
            row: dict[str, Any] = {"n": n, "game": k, "label": label, "seconds": {}, "pivots": {}, "per_pivot": {},
                                   "finished": {}, "one_pivot": {}, "all_but_one": {}, "marginal": {}}
            if lh is not None:
                def ours(limit: int, g: NormalFormGame = game, lab: int = label) -> Any:
                    return lh(g, initial_label=lab, arithmetic="float", max_pivots=limit)

                seconds, res = measure(functools.partial(ours, cap), args.repeats)
                pivots = int(res.options["pivots"])
                row["seconds"]["ours"], row["pivots"]["ours"] = seconds, pivots
                row["finished"]["ours"] = res.status.value != "limit_reached"
                row["one_pivot"]["ours"], _ = measure(functools.partial(ours, 1), args.repeats)
                if pivots >= MARGINAL_MIN_PIVOTS:
                    row["all_but_one"]["ours"], _ = measure(functools.partial(ours, pivots - 1), args.repeats)
            if gt is not None:
                qg = gt.NormalFormGame(np.dstack([A, B]))

                def theirs(limit: int, qg: Any = qg, lab: int = label) -> Any:
                    return gt.lemke_howson(qg, init_pivot=lab, max_iter=limit, capping=None, full_output=True)

                seconds, (_, info) = measure(functools.partial(theirs, cap), args.repeats)
                row["seconds"]["quantecon"], row["pivots"]["quantecon"] = seconds, int(info.num_iter)
                row["finished"]["quantecon"] = bool(info.converged)
                row["one_pivot"]["quantecon"], _ = measure(functools.partial(theirs, 1), args.repeats)
                if info.num_iter >= MARGINAL_MIN_PIVOTS:
                    row["all_but_one"]["quantecon"], _ = measure(functools.partial(theirs, info.num_iter - 1),
                                                                 args.repeats)
            for name, before_last in row["all_but_one"].items():  # pivots 2 .. P-1 of the same path
                row["marginal"][name] = (before_last - row["one_pivot"][name]) / (row["pivots"][name] - 2)
            if nashpy is not None and n <= NASHPY_LH_MAX:
                limit = 10 * max(row["pivots"].values(), default=1000) + 100
                seconds, (pivots, done) = measure(
                    lambda A=A, B=B, lab=label, lim=limit: _nashpy_lh_counting(nashpy, A, B, lab, lim), args.repeats)
                row["seconds"]["nashpy"], row["pivots"]["nashpy"], row["finished"]["nashpy"] = seconds, pivots, done
            for name, seconds in row["seconds"].items():
                row["per_pivot"][name] = seconds / max(1, row["pivots"][name])
            ours = row["per_pivot"].get("ours")
            row["ratios"] = {name: ratio(row["per_pivot"].get(name), ours) for name in ("quantecon", "nashpy")}
            row["ratios"]["quantecon_marginal"] = ratio(row["marginal"].get("quantecon"), row["marginal"].get("ours"))
            sec.rows.append(row)
            print(f"  lh n={n} game {k}: done", file=sys.stderr, flush=True)
    return sec


def show_lh(sec: Section) -> None:
    header = ["n", "game", "label", "pivots ours/qe/nashpy", "ours/pivot", "qe/pivot", "nashpy/pivot",
              "qe/ours", "nashpy/ours", "1-pivot call ours/qe", "marginal ours/qe", "qe/ours marginal",
              "finished ours/qe/nashpy"]
    rows = []
    for r in sec.rows:
        pp, pv, fin, one, mg = r["per_pivot"], r["pivots"], r["finished"], r["one_pivot"], r["marginal"]
        names = ("ours", "quantecon", "nashpy")
        rows.append([r["n"], r["game"], r["label"], "/".join(str(pv.get(k, "-")) for k in names),
                     fmt_time(pp.get("ours")), fmt_time(pp.get("quantecon")), fmt_time(pp.get("nashpy")),
                     fmt_ratio(r["ratios"]["quantecon"]), fmt_ratio(r["ratios"]["nashpy"]),
                     f"{fmt_time(one.get('ours'))}/{fmt_time(one.get('quantecon'))}",
                     f"{fmt_time(mg.get('ours'))}/{fmt_time(mg.get('quantecon'))}",
                     fmt_ratio(r["ratios"]["quantecon_marginal"]),
                     "/".join({True: "yes", False: "no"}.get(fin.get(k), "-") for k in names)])
    notes = sec.notes + [
        "1-pivot call: the same call stopped after one pivot (the fixed cost of a call: argument checks, setup, "
        "result); marginal: (time stopped after P-1 pivots - time stopped after 1) / (P-2) for a path of P pivots, "
        f"the cost of one pivot on that path without the fixed costs (shown from {MARGINAL_MIN_PIVOTS} pivots); the "
        "whole call also pays for reading off and certifying the endpoint (ours: ~15-25 us at n <= 100)"]
    print_table("(b) Lemke-Howson time per pivot (ratios theirs / ours)", header, rows, notes)


# ------------------------------------------------------------------------------ (c) zero-sum LP
def highs_lp_with_duals(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """One HiGHS LP (scipy's default method) with duals: both optimal strategies and the value.

    The textbook normalization: shift ``A`` to positive entries ``P``; then ``min 1'u`` subject to
    ``P'u >= 1, u >= 0`` has value ``1 / v`` and ``x = v u``; the column strategy is read from the
    duals of the constraints.
    """
    from scipy.optimize import linprog

    shift = 1.0 - float(A.min())
    P = A + shift
    m, n = P.shape
    res = linprog(np.ones(m), A_ub=-P.T, b_ub=-np.ones(n), bounds=(0, None), method="highs")
    v = 1.0 / res.x.sum()
    y = -res.ineqlin.marginals
    return res.x * v, y / y.sum(), v - shift


def section_zerosum(args: argparse.Namespace) -> Section:
    sec = Section("zerosum")
    sizes = (100,) if args.quick else (100, 1000)
    zs = our_solver("zero_sum", "zero_sum_lp", sec)
    nashpy = optional("nashpy")
    if nashpy is None:
        sec.notes.append("nashpy: not available (not installed)")
    sec.notes.append("highs = one scipy HiGHS LP (default method) with duals for both strategies: the floor the "
                     "target refers to, not a library")
    for n in sizes:
        A = rng_for(3, n).standard_normal((n, n))
        game = NormalFormGame.zero_sum(A)
        row: dict[str, Any] = {"n": n, "seconds": {}}
        if zs is not None:
            row["seconds"]["ours"], res = measure(lambda g=game: zs(g, arithmetic="float"), args.repeats)
            row["ours_regret"] = float(res.max_regret)
        row["seconds"]["highs"], _ = measure(lambda A=A: highs_lp_with_duals(A), args.repeats)
        if nashpy is not None:
            ng = nashpy.Game(A, -A)
            row["seconds"]["nashpy"], _ = measure(ng.linear_program, args.repeats)
        ours = row["seconds"].get("ours")
        row["ratios"] = {name: ratio(row["seconds"].get(name), ours) for name in ("highs", "nashpy")}
        sec.rows.append(row)
        print(f"  zerosum n={n}: done", file=sys.stderr, flush=True)
    return sec


def show_zerosum(sec: Section) -> None:
    header = ["n", "ours", "highs LP", "nashpy", "highs/ours", "nashpy/ours"]
    rows = [[r["n"], fmt_time(r["seconds"].get("ours")), fmt_time(r["seconds"].get("highs")),
             fmt_time(r["seconds"].get("nashpy")), fmt_ratio(r["ratios"]["highs"]), fmt_ratio(r["ratios"]["nashpy"])]
            for r in sec.rows]
    print_table("(c) zero-sum games by linear programming (ratios theirs / ours)", header, rows, sec.notes)


# ------------------------------------------------------------------------------ (d) pure equilibria
def numpy_mask(payoffs: np.ndarray) -> np.ndarray:
    """The plain best-response mask: profiles where every player's payoff is a maximum on its axis,
    listed as an ``(equilibria, players)`` index array by the fastest numpy route measured here
    (``flatnonzero`` + ``unravel_index``; ``argwhere`` is several times slower on large masks)."""
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(payoffs.shape[0]):
        mask &= payoffs[i] >= payoffs[i].max(axis=i, keepdims=True)
    return np.stack(np.unravel_index(np.flatnonzero(mask), mask.shape), axis=-1)


def quantecon_game(gt: Any, payoffs: np.ndarray) -> Any:
    """quantecon's layout: player i's array has axes (own action, i+1, ..., n-1, 0, ..., i-1)."""
    n = payoffs.shape[0]
    players = [gt.Player(np.ascontiguousarray(np.transpose(payoffs[i], [(i + k) % n for k in range(n)])))
               for i in range(n)]
    return gt.NormalFormGame(players)


def section_pure(args: argparse.Namespace) -> Section:
    sec = Section("pure")
    shapes = [(3, 30), (4, 12), (6, 5)] + ([] if args.quick else [(5, 20), (8, 8)])
    pure = our_solver("pure", "pure_nash_equilibria", sec)
    gt = optional("quantecon.game_theory")
    if gt is None:
        sec.notes.append("quantecon: not available (not installed)")
    else:  # warm-up
        gt.pure_nash_brute(quantecon_game(gt, rng_for(0, 3).standard_normal((2, 2, 2))))
    sec.notes.append(f"quantecon's pure_nash_brute only up to {QE_PURE_MAX_PROFILES:,} profiles (a loop over them)")
    if pure is not None:  # warm-up: the process's first call looks up package versions for the provenance
        pure(NormalFormGame(rng_for(0, 4).standard_normal((2, 2, 2))), arithmetic="float")
    for players, actions in shapes:
        payoffs = rng_for(4, players, actions).standard_normal((players, *([actions] * players)))
        start = time.perf_counter()
        game = NormalFormGame(payoffs)  # validated copy of the array (finite check, bounds)
        built = time.perf_counter() - start
        row: dict[str, Any] = {"shape": f"{players}x{actions}", "profiles": actions ** players,
                               "seconds": {"construct": built}, "equilibria": {}}
        if pure is not None:
            # a first call on a game object no solver has seen (nothing cached on it), then repeated calls
            start = time.perf_counter()
            pure(game, arithmetic="float")
            row["seconds"]["ours_first"] = time.perf_counter() - start
            row["seconds"]["ours"], res = measure(lambda g=game: pure(g, arithmetic="float"), args.repeats)
            row["equilibria"]["ours"] = len(res)
            start = time.perf_counter()
            res.provenance.input_digest  # noqa: B018 - computed when first read: SHA-256 of the table
            row["seconds"]["digest"] = time.perf_counter() - start
        start = time.perf_counter()  # its first call too (after ours: the allocator may be warmer by then)
        numpy_mask(payoffs)
        row["seconds"]["numpy_mask_first"] = time.perf_counter() - start
        row["seconds"]["numpy_mask"], idx = measure(lambda p=payoffs: numpy_mask(p), args.repeats)
        row["equilibria"]["numpy_mask"] = len(idx)
        if gt is not None and actions ** players <= QE_PURE_MAX_PROFILES:
            qg = quantecon_game(gt, payoffs)
            row["seconds"]["quantecon"], found = measure(lambda qg=qg: gt.pure_nash_brute(qg), args.repeats)
            row["equilibria"]["quantecon"] = len(found)
        ours = row["seconds"].get("ours")
        row["ratios"] = {name: ratio(row["seconds"].get(name), ours) for name in ("numpy_mask", "quantecon")}
        row["ratios"]["numpy_mask_first"] = ratio(row["seconds"].get("numpy_mask_first"),
                                                  row["seconds"].get("ours_first"))
        row["counts_agree"] = len(set(row["equilibria"].values())) <= 1
        sec.rows.append(row)
        print(f"  pure {players}x{actions}: done", file=sys.stderr, flush=True)
    return sec


def show_pure(sec: Section) -> None:
    header = ["game", "profiles", "ours", "numpy mask", "1st calls ours/mask", "quantecon", "mask/ours",
              "mask/ours 1st", "qe/ours", "#eq", "counts agree", "construct", "digest"]
    rows = [[r["shape"], f"{r['profiles']:,}", fmt_time(r["seconds"].get("ours")),
             fmt_time(r["seconds"].get("numpy_mask")),
             f"{fmt_time(r['seconds'].get('ours_first'))}/{fmt_time(r['seconds'].get('numpy_mask_first'))}",
             fmt_time(r["seconds"].get("quantecon")), fmt_ratio(r["ratios"]["numpy_mask"]),
             fmt_ratio(r["ratios"].get("numpy_mask_first")), fmt_ratio(r["ratios"]["quantecon"]),
             r["equilibria"].get("ours", "-"), "yes" if r["counts_agree"] else f"NO {r['equilibria']}",
             fmt_time(r["seconds"].get("construct")), fmt_time(r["seconds"].get("digest"))]
            for r in sec.rows]
    notes = [*sec.notes, "not in the ratios: construct = NormalFormGame(array), a validated copy of the table (once "
             "per game); digest = the SHA-256 of the table, computed when a result's provenance is first read",
             "1st calls: a single call on a game object (ours) and on a payoff array (the mask) that "
             "no solver has touched before, ours first (a single sample each, noisy on small games); the other "
             "times are medians of repeated calls"]
    print_table("(d) pure equilibria of n-player games (ratios theirs / ours)", header, rows, notes)


# ------------------------------------------------------------------------------ driver
RUNNERS = {"enum": (section_enum, show_enum), "lh": (section_lh, show_lh),
           "zerosum": (section_zerosum, show_zerosum), "pure": (section_pure, show_pure)}


def meta(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "threads": {v: os.environ.get(v) for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        "versions": {d: version(d) for d in ("negotiation", "numpy", "scipy", "nashpy", "quantecon", "pygambit",
                                             "numba")},
        "seed": SEED,
        "quick": args.quick,
        "games": args.games,
        "repeats": args.repeats,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, one game, one repeat")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated subset of {','.join(SECTIONS)} (default: all)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    parser.add_argument("--games", type=int, default=None, help="random games per size (default 2; quick 1)")
    parser.add_argument("--repeats", type=int, default=None, help="timed calls per game, median (default 3; quick 1)")
    parser.add_argument("--max-pivots", type=int, default=200_000, help="Lemke-Howson pivot limit (default 200000)")
    parser.add_argument("--label", type=int, default=0, help="Lemke-Howson initial label (default 0)")
    parser.add_argument("--full", action="store_true", help="lift the size caps of the exponential methods")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown sections {unknown}; choose from {list(SECTIONS)}")
    args.sections = chosen
    if args.games is None:
        args.games = 1 if args.quick else 2
    if args.repeats is None:
        args.repeats = 1 if args.quick else 3
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = meta(args)
    print("negotiation benchmarks: ratios are theirs / ours (> 1 means negotiation is faster)")
    print(f"python {info['python']} on {info['machine']}, {info['cpus']} cpus, single-threaded BLAS; versions: "
          + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    results: dict[str, Any] = {"meta": info, "sections": {}}
    for name in args.sections:
        run, show = RUNNERS[name]
        sec = run(args)
        show(sec)
        results["sections"][name] = {"rows": sec.rows, "notes": sec.notes}
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
