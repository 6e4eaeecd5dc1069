"""Security suite for scenario formulas: malicious input is refused and never runs.

Each attack tries a visible side effect (creating a file, opening a file for writing) and the
test checks the effect did not happen, besides the refusal itself. ``eval``, ``exec``,
``sympy.sympify`` and ``parse_expr`` are replaced by functions that fail the test if called.
Hypothesis then throws random text and random syntax trees (allowed and forbidden constructs
mixed) at the parser and the loader: the only exceptions allowed out are
:class:`~negotiation.errors.FormulaError` / :class:`~negotiation.errors.ScenarioError`.
"""

from __future__ import annotations

import ast
import builtins
import math
import time
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
import sympy.parsing.sympy_parser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import FormulaError, NegotiationError, ScenarioError
from negotiation.scenarios import load_scenario, loads_scenario, parse_formula
from negotiation.scenarios.evaluate import EvaluationError, evaluate
from negotiation.scenarios.formula import parameter_symbol

NAMES = ["x", "y", "price"]
FAST = 2.0  # seconds: every refusal must be quick (no exponent bomb is ever computed)


@pytest.fixture
def no_dynamic_code(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make running text as code fail loudly: ``eval``/``exec`` of a string, ``compile`` of a
    string to anything but a syntax tree, ``sympy.sympify`` and ``parse_expr``. (Importing a
    module runs compiled code objects through ``exec``; that is left alone.)"""
    calls: list[str] = []
    real_eval, real_exec, real_compile = builtins.eval, builtins.exec, builtins.compile

    def fail(name: str, args: tuple[object, ...]) -> None:
        calls.append(name)
        raise AssertionError(f"{name} was called with {args!r}")

    def guarded(name: str, real):  # noqa: ANN001, ANN202
        def wrapper(*args: object, **kwargs: object) -> object:
            if args and isinstance(args[0], (str, bytes)):
                fail(name, args)
            return real(*args, **kwargs)

        return wrapper

    def guarded_compile(source: object, *args: object, **kwargs: object) -> object:
        flags = kwargs.get("flags", args[2] if len(args) > 2 else 0)
        if isinstance(source, (str, bytes)) and not (int(flags) & ast.PyCF_ONLY_AST):  # type: ignore[call-overload]
            fail("compile", (source, *args))
        return real_compile(source, *args, **kwargs)  # type: ignore[call-overload]

    def trap(name: str):  # noqa: ANN202
        def boom(*args: object, **kwargs: object) -> None:
            fail(name, args)

        return boom

    monkeypatch.setattr(builtins, "eval", guarded("eval", real_eval))
    monkeypatch.setattr(builtins, "exec", guarded("exec", real_exec))
    monkeypatch.setattr(builtins, "compile", guarded_compile)
    monkeypatch.setattr(sympy, "sympify", trap("sympify"))
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", trap("parse_expr"))
    return calls


def attacks(target: Path) -> list[str]:
    t = str(target)
    return [
        f"__import__('os').system('touch {t}')",
        f"__import__('subprocess').call(['touch', '{t}'])",
        f"open('{t}', 'w').write('pwned')",
        f"open('{t}', 'w')",
        f"exec(\"open('{t}', 'w')\")",
        f"eval(\"open('{t}', 'w')\")",
        "().__class__.__bases__[0].__subclasses__()",
        "x.__class__.__init__.__globals__",
        "getattr(x, '__class__')",
        "globals()",
        "breakpoint()",
        "(lambda: open('/etc/passwd'))()",
        "[c for c in ().__class__.__mro__]",
        f"(f := open('{t}', 'w'))",
        f"f'{{open(\"{t}\", \"w\")}}'",
        "sympy.sympify('1')",
        "x.evalf()",
        "min(x, y).func",
        "__builtins__['open']",
        "price if __debug__ else 0",
    ]


def test_malicious_formulas_are_refused_and_do_not_run(tmp_path: Path, no_dynamic_code: list[str]) -> None:
    target = tmp_path / "pwned"
    for text in attacks(target):
        start = time.perf_counter()
        with pytest.raises(FormulaError) as info:
            parse_formula(text, NAMES, file="evil.toml", field="payoffs.'A/B'[0]")
        assert time.perf_counter() - start < FAST, text
        assert info.value.file == "evil.toml" and info.value.field == "payoffs.'A/B'[0]"
        assert not target.exists(), f"side effect happened for {text!r}"
    assert no_dynamic_code == []


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9",
        "9**99999999",
        "(2**64)**64",
        "((x**64)**64)**64",
        "2**64 * 2**64 * 2**64 * 2**64 * 2**64 * 2**64 * 2**64",
        "exp(exp(exp(exp(100))))",
        "10**64 * 10**64",
        "1" * 1999,
        "1e999999999",
        "0.000000001e-999999",
        "(" * 100 + "x" + ")" * 100,
        "(" * 300 + "x" + ")" * 300,
        "-" * 1999 + "x",
        "not " * 400 + "x < 1",
        "abs(" * 200 + "x" + ")" * 200,
        "x" + "+x" * 999,
        "piecewise(" * 60 + "x < 1, 1, 2" + ")" * 60,
    ],
)
def test_resource_bombs_are_refused_quickly(text: str, no_dynamic_code: list[str]) -> None:
    start = time.perf_counter()
    try:
        expr = parse_formula(text, NAMES)
    except FormulaError:
        pass
    else:  # accepted only if it is small and evaluates safely
        assert isinstance(expr, sympy.Expr)
        try:
            evaluate(expr, {parameter_symbol("x"): Fraction(10**100)})
        except EvaluationError:
            pass
    assert time.perf_counter() - start < FAST


def test_megabyte_input_is_refused_without_parsing(no_dynamic_code: list[str]) -> None:
    text = "1+" * 500_000 + "1"
    start = time.perf_counter()
    with pytest.raises(FormulaError, match="longer than"):
        parse_formula(text, NAMES)
    assert time.perf_counter() - start < 0.5


def test_null_bytes_and_control_characters(no_dynamic_code: list[str]) -> None:
    for text in ["1\x00", "x\n\x00y", "\x1b[31m", "1;2", "import os", "x = 1", "pass", "if x: 1"]:
        with pytest.raises(FormulaError):
            parse_formula(text, NAMES)


def test_malicious_scenario_file_does_not_run(tmp_path: Path, no_dynamic_code: list[str]) -> None:
    target = tmp_path / "pwned"
    path = tmp_path / "evil.toml"
    path.write_text(f'''
[scenario]
name = "evil"
title = "Evil"
[[players]]
name = "A"
actions = ["a"]
[[players]]
name = "B"
actions = ["b"]
[payoffs]
"a/b" = ["__import__('os').system('touch {target}')", 0]
''')
    with pytest.raises(FormulaError) as info:
        load_scenario(path)
    assert info.value.file == str(path)
    assert info.value.field == "payoffs.'a/b'[0]"
    assert "only calls to min, max" in str(info.value)
    assert not target.exists()


def test_malicious_parameter_names_are_refused() -> None:
    for name in ["__class__", "os.system", "min", "lambda", "a b", "x;y"]:
        with pytest.raises(ScenarioError, match="parameter name"):
            loads_scenario(f'''
[scenario]
name = "evil"
title = "Evil"
[parameters."{name}"]
default = 1
[[players]]
name = "A"
actions = ["a"]
[[players]]
name = "B"
actions = ["b"]
[payoffs]
"a/b" = [0, 0]
''')


# ---------------------------------------------------------------------------------- fuzzing

ATOMS = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["0", "0.1", "1e-3", "1e308", "9", "64", "65", "0.5", "1_0", "0x10", "1j", "True", "None",
                     "'s'", "b'b'", "...", "x", "y", "price", "z", "__class__", "os", "min", "open", "sympy"]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(repr),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binops = ["+", "-", "*", "/", "**", "//", "%", "@", "<<", "|", "<", "<=", ">", ">=", "==", "!=", "and", "or",
              "is", "in"]
    return st.one_of(
        st.tuples(children, st.sampled_from(binops), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not ", "~"]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(
            st.sampled_from(["min", "max", "abs", "sqrt", "exp", "log", "piecewise", "open", "eval", "getattr",
                             "__import__", "f"]),
            st.lists(children, max_size=5),
        ).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(children, st.sampled_from(["real", "__class__", "evalf"])).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        children.map(lambda c: f"(lambda: {c})"),
        children.map(lambda c: f"[{c} for _ in ()]"),
        children.map(lambda c: f"min({c}, key={c})"),
    )


EXPRESSIONS = st.recursive(ATOMS, _extend, max_leaves=25)
VALUES = {parameter_symbol("x"): Fraction(3, 2), parameter_symbol("y"): Fraction(-2), parameter_symbol("price"): 0.5}


def _check_outcome(text: str) -> None:
    try:
        expr = parse_formula(text, NAMES, file="fuzz.toml", field="payoffs")
    except FormulaError as exc:
        assert exc.file == "fuzz.toml" and exc.field == "payoffs"
        return
    assert isinstance(expr, sympy.Expr)
    try:
        v = evaluate(expr, VALUES)
    except EvaluationError:
        return
    assert isinstance(v, Fraction) or (isinstance(v, float) and math.isfinite(v))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_fuzz_random_syntax_trees(text: str) -> None:
    start = time.perf_counter()
    _check_outcome(text)
    assert time.perf_counter() - start < FAST


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.e+-*/()<>=!, xyprice_minaxbsqtlogfw:[]{}'\"\\\n\t\x00")),
               max_size=80))
def test_fuzz_random_text(text: str) -> None:
    _check_outcome(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_random_unicode(text: str) -> None:
    _check_outcome(text)


TOML_FRAGMENTS = st.sampled_from([
    "[scenario]\n", 'name = "fz"\n', 'title = "T"\n', "[[players]]\n", 'name = "A"\n', 'name = "B"\n',
    'actions = ["a", "b"]\n', 'actions = ["a"]\n', "[payoffs]\n", '"a/a" = [1, 2]\n', '"a/b" = ["x", 0]\n',
    '"b/a" = [0, "1/0"]\n', "[parameters.x]\n", "default = 1\n", "range = [0, 2]\n", "default = 5\n",
    "[negotiation]\n", 'parties = ["A", "B"]\n', 'feasible = "surplus"\n', 'surplus = "x"\n', "[market]\n",
    'buyers = ["A"]\n', 'sellers = ["B"]\n', '[market.pairs]\n"A/B" = "x"\n', "junk = 3\n", "= =\n", "[[sources]]\n",
    'id = "s"\n', 'citation = "c"\n', 'source = "s"\n', "[coalitions]\n", 'players = ["A", "B"]\n',
    '[coalitions.values]\n"A+B" = 2\n', "x = { a = 1 }\n", "[payoffs.\"a/a\"]\nA = 1\nB = 2\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOML_FRAGMENTS, max_size=25))
def test_fuzz_scenario_documents(fragments: list[str]) -> None:
    text = "".join(fragments)
    try:
        s = loads_scenario(text, file="fuzz.toml")
    except ScenarioError as exc:
        assert exc.file == "fuzz.toml"
        return
    try:
        s.game()
    except ScenarioError:
        pass


# Mostly-allowed syntax trees: these are accepted often, so evaluation is fuzzed too.
ALLOWED_ATOMS = st.one_of(
    st.integers(-50, 50).map(str),
    st.sampled_from(["0", "0.1", "2.5", "1e-3", "x", "y", "price"]),
)


def _extend_allowed(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    cond = st.tuples(children, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), children).map(
        lambda t: f"{t[0]} {t[1]} {t[2]}")
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.sampled_from(["2", "3", "-1", "(1/2)", "64", "0"])).map(lambda t: f"({t[0]})**{t[1]}"),
        children.map(lambda c: f"(-{c})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["abs", "sqrt", "exp", "log"]), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, cond, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(cond, st.sampled_from([" and ", " or "]), cond, children, children).map(
            lambda t: f"piecewise({t[0]}{t[1]}{t[2]}, {t[3]}, {t[4]})"),
    )


ALLOWED = st.recursive(ALLOWED_ATOMS, _extend_allowed, max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ALLOWED)
def test_fuzz_allowed_syntax_trees(text: str) -> None:
    start = time.perf_counter()
    _check_outcome(text)
    assert time.perf_counter() - start < FAST


BASE_DOCUMENT = '''[scenario]
name = "fz"
title = "Fuzz"
[[sources]]
id = "s"
citation = "c"
[parameters.x]
default = 1
range = [0, 2]
source = "s"
[[players]]
name = "A"
actions = ["a", "b"]
[[players]]
name = "B"
actions = ["a", "b"]
[payoffs]
"a/a" = ["x", 1]
"a/b" = [0, "2 * x"]
"b/a" = ["1/x", 0]
"b/b" = [1, "x - 1"]
[negotiation]
parties = ["A", "B"]
feasible = "game"
disagreement = [0, 0]
'''.splitlines()

JUNK = st.sampled_from(["", "x", "= 1", "[x]", "[[x]]", '"a/a" = 1', "default = -5", 'name = "A"', "actions = []",
                        'actions = ["a", "a"]', 'range = [2, 0]', 'source = "nope"', '"a/c" = [1, 1]',
                        'disagreement = "security"', 'feasible = "surplus"', "parties = [1, 2]", "title = 3",
                        'x = """', "default = nan", "default = inf", "default = 1e999", 'default = "1/0"',
                        '"b/b" = ["x/0", 0]', '"a/a" = { A = 1 }', "[parameters.y]", "unknown = 1",
                        # harmless edits, so that some documents stay valid
                        "default = 0.5", "range = [0, 1]", '"a/a" = ["x * 2", 1]', 'disagreement = [0, "1/2"]',
                        'title = "Other"', "# a comment", '"a/b" = { A = 0, B = "2*x" }', "default = \"1/3\""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(BASE_DOCUMENT) - 1), JUNK), max_size=4))
def test_fuzz_mutated_scenario_documents(edits: list[tuple[int, str]]) -> None:
    lines = list(BASE_DOCUMENT)
    for index, junk in edits:
        lines[index] = junk
    text = "\n".join(lines)
    try:
        s = loads_scenario(text, file="fuzz.toml")
    except ScenarioError as exc:
        assert exc.file == "fuzz.toml"
        return
    try:
        s.game(x="1/2")
        s.bargaining_problem()
    except ScenarioError:
        pass
    except NegotiationError as exc:  # e.g. nothing to bargain over: a clear, typed error
        assert isinstance(exc, ValueError)


# Random syntax trees built as ``ast`` nodes of every expression type, then unparsed to text.
_IDS = st.sampled_from(["x", "y", "price", "z", "__class__", "__import__", "open", "min", "exp", "piecewise", "os"])
_CONSTS = st.sampled_from([0, 1, -3, 2**70, 10**101, 0.1, 1e308, 1e-320, 1j, True, None, ..., "s", b"b"])
_BINOPS = [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.FloorDiv, ast.Mod, ast.MatMult, ast.LShift, ast.RShift,
           ast.BitOr, ast.BitAnd, ast.BitXor]
_UNARY = [ast.USub, ast.UAdd, ast.Not, ast.Invert]
_CMPOPS = [ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn]


def _leaf() -> st.SearchStrategy[ast.expr]:
    return st.one_of(_CONSTS.map(lambda v: ast.Constant(value=v)), _IDS.map(lambda i: ast.Name(id=i, ctx=ast.Load())))


def _node(children: st.SearchStrategy[ast.expr]) -> st.SearchStrategy[ast.expr]:
    def comp(elt: ast.expr, it: ast.expr) -> ast.comprehension:
        return ast.comprehension(target=ast.Name(id="a", ctx=ast.Store()), iter=it, ifs=[], is_async=0)

    return st.one_of(
        st.builds(lambda a, op, b: ast.BinOp(left=a, op=op(), right=b), children, st.sampled_from(_BINOPS), children),
        st.builds(lambda op, a: ast.UnaryOp(op=op(), operand=a), st.sampled_from(_UNARY), children),
        st.builds(lambda a, ops, cs: ast.Compare(left=a, ops=[o() for o in ops[: len(cs)]] or [ast.Lt()],
                                                 comparators=cs or [a]),
                  children, st.lists(st.sampled_from(_CMPOPS), min_size=1, max_size=3),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda op, vs: ast.BoolOp(op=op(), values=vs), st.sampled_from([ast.And, ast.Or]),
                  st.lists(children, min_size=2, max_size=3)),
        st.builds(lambda f, args, kw: ast.Call(func=ast.Name(id=f, ctx=ast.Load()), args=args,
                                               keywords=[ast.keyword(arg="key", value=kw)] if kw else []),
                  _IDS, st.lists(children, max_size=4), st.none() | children),
        st.builds(lambda a, f: ast.Call(func=ast.Attribute(value=a, attr=f, ctx=ast.Load()), args=[], keywords=[]),
                  children, st.sampled_from(["system", "__subclasses__", "evalf"])),
        st.builds(lambda a, n: ast.Attribute(value=a, attr=n, ctx=ast.Load()), children,
                  st.sampled_from(["real", "__class__", "func"])),
        st.builds(lambda a, b: ast.Subscript(value=a, slice=b, ctx=ast.Load()), children, children),
        st.builds(lambda a, b: ast.Subscript(value=a, slice=ast.Slice(lower=b, upper=None, step=None), ctx=ast.Load()),
                  children, children),
        st.builds(lambda a, b, c: ast.IfExp(test=a, body=b, orelse=c), children, children, children),
        st.builds(lambda a: ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                                           kw_defaults=[], kwarg=None, defaults=[]), body=a), children),
        st.builds(lambda a, b: ast.ListComp(elt=a, generators=[comp(a, b)]), children, children),
        st.builds(lambda a, b: ast.GeneratorExp(elt=a, generators=[comp(a, b)]), children, children),
        st.builds(lambda a: ast.NamedExpr(target=ast.Name(id="w", ctx=ast.Store()), value=a), children),
        st.builds(lambda a: ast.JoinedStr(values=[ast.FormattedValue(value=a, conversion=-1, format_spec=None)]),
                  children),
        st.builds(lambda vs: ast.List(elts=vs, ctx=ast.Load()), st.lists(children, max_size=3)),
        st.builds(lambda vs: ast.Tuple(elts=vs, ctx=ast.Load()), st.lists(children, max_size=3)),
        st.builds(lambda vs: ast.Set(elts=vs), st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda k, v: ast.Dict(keys=[k], values=[v]), children, children),
        st.builds(lambda a: ast.Call(func=ast.Name(id="min", ctx=ast.Load()),
                                     args=[ast.Starred(value=a, ctx=ast.Load())], keywords=[]), children),
        st.builds(lambda a: ast.Await(value=a), children),
        st.builds(lambda a: ast.Yield(value=a), children),
    )


AST_TREES = st.recursive(_leaf(), _node, max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AST_TREES)
def test_fuzz_random_ast_nodes(tree: ast.expr) -> None:
    try:
        text = ast.unparse(ast.fix_missing_locations(ast.Expression(body=tree)))
    except Exception:  # noqa: BLE001 - some random trees cannot be written as text at all
        return
    start = time.perf_counter()
    _check_outcome(text)
    assert time.perf_counter() - start < FAST
