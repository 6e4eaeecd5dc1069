"""Safe payoff formulas: Python expression syntax, a whitelist, sympy objects built directly.

A formula is text such as ``"v - price * (1 + markup)"`` or
``"piecewise(share > 0, share * price, 0)"``. It is parsed with :func:`ast.parse` (which only
builds a syntax tree and runs nothing) and the tree is walked against a whitelist:

* numbers, read exactly from their source text (``0.1`` is 1/10, ``1e-3`` is 1/1000);
* ``+ - * /``, unary ``-`` and ``+``, parentheses, and ``**`` with a constant rational exponent of
  at most :data:`MAX_EXPONENT` in absolute value (so ``9**9**9`` is refused, not computed);
* the declared parameter names (sympy symbols with ``real=True``);
* calls to ``min, max, abs, sqrt, exp, log`` (sympy ``Min, Max, Abs, sqrt, exp, log``);
* conditionals ``a if cond else b`` and ``piecewise(cond, a, b)`` (more generally
  ``piecewise(c1, a1, c2, a2, ..., default)``), built as :class:`sympy.Piecewise`, with
  comparisons ``< <= > >= == !=`` (chains allowed) and ``and``, ``or``, ``not`` in conditions.

Everything else raises :class:`~negotiation.errors.FormulaError` naming the file, the field and
the offending text: attribute access, other calls, keyword arguments, subscripts, lambdas,
strings, f-strings, comprehensions, the walrus operator, dunder names, unknown names, text longer
than :data:`MAX_LENGTH` characters, nesting deeper than :data:`MAX_DEPTH`, more than
:data:`MAX_NODES` syntax nodes (and more than :data:`MAX_FILE_NODES` in all the formulas of one
file, see :class:`FormulaBudget`), non-ASCII characters (Python would read look-alike letters such
as ``ｘ`` as ``x``), and constants larger than ``10**100``. ``min`` and ``max`` are built without
sympy's pairwise simplification of their arguments. Constant sub-expressions
are evaluated as they are built (see :mod:`negotiation.scenarios.evaluate`), so a formula that
would overflow or divide by zero is refused when it is parsed, and sympy is never asked to
evaluate something huge. ``eval``, ``exec``, ``sympify`` of text and ``parse_expr`` are never used.

References
----------
Python Software Foundation (2023), *ast — Abstract Syntax Trees*, Python 3.11 documentation.
Meurer et al. (2017), "SymPy: symbolic computing in Python", PeerJ Computer Science 3:e103.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings
from collections.abc import Iterable, Mapping
from fractions import Fraction

import sympy

from ..errors import FormulaError
from .evaluate import MAX_CONSTANT, EvaluationError, evaluate

__all__ = [
    "parse_formula",
    "parameter_symbol",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_EXPONENT",
    "MAX_TOTAL_EXPONENT",
    "MAX_FILE_NODES",
    "FormulaBudget",
    "is_valid_name",
]

#: Longest formula accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting accepted (a chain ``a + b + c + ...`` counts as one level).
MAX_DEPTH = 50
#: Most syntax nodes accepted.
MAX_NODES = 500
#: Largest ``|exponent|`` of ``**`` (numerator and denominator of a rational exponent).
MAX_EXPONENT = 64
#: Largest ``|exponent|`` left in the built expression after sympy combines powers.
MAX_TOTAL_EXPONENT = 512
#: Most syntax nodes accepted in all the formulas of one file together (see :class:`FormulaBudget`).
MAX_FILE_NODES = 25_000

#: Function names a formula may call, with their argument counts (``None``: two or more).
FUNCTIONS: Mapping[str, int | None] = {
    "min": None,
    "max": None,
    "abs": 1,
    "sqrt": 1,
    "exp": 1,
    "log": 1,
    "piecewise": -1,  # odd count >= 3: cond, value, [cond, value, ...], default
}

_MAX_ARGS = 32
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")


class FormulaBudget:
    """A bound on the syntax nodes of all the formulas of one file together.

    Building sympy objects costs up to about 1.2 ms per syntax node (chains of comparisons
    measured worst; plain arithmetic about 0.2 ms), so a 1 MB file of formulas at the
    per-formula limits could take many minutes to load. With :data:`MAX_FILE_NODES` nodes a
    file loads in well under a minute whatever it holds.

    Examples
    --------
    >>> budget = FormulaBudget(limit=5)
    >>> parse_formula("x + 1", ["x"], budget=budget), budget.used
    (x + 1, 3)
    >>> parse_formula("x * 2 + 1", ["x"], field="payoffs", budget=budget)
    Traceback (most recent call last):
    ...
    negotiation.errors.FormulaError: payoffs: the formulas of this file have more than 5 syntax nodes in all ...
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_FILE_NODES if limit is None else limit
        self.used = 0

    def charge(self, count: int, *, file: str | None, field: str | None, text: str) -> None:
        """Add ``count`` nodes; raise :class:`FormulaError` (naming ``field``) past the limit."""
        self.used += count
        if self.used > self.limit:
            raise FormulaError(f"the formulas of this file have more than {self.limit} syntax nodes in all "
                               "(a bound on the time spent building them); simplify the formulas or give plain "
                               "numbers where no parameter is involved", file=file, field=field, value=_shorten(text))


def is_valid_name(name: object) -> bool:
    """True when ``name`` may be a parameter name: an identifier of at most 64 characters,
    starting with a letter, not a Python keyword and not one of :data:`FUNCTIONS`."""
    return (
        isinstance(name, str)
        and bool(_NAME_RE.match(name))
        and not keyword.iskeyword(name)
        and name not in FUNCTIONS
        and name not in ("True", "False", "None")
    )


def parameter_symbol(name: str) -> sympy.Symbol:
    """The sympy symbol that stands for parameter ``name`` (real-valued)."""
    return sympy.Symbol(name, real=True)


_CMP = {
    ast.Lt: sympy.StrictLessThan,
    ast.LtE: sympy.LessThan,
    ast.Gt: sympy.StrictGreaterThan,
    ast.GtE: sympy.GreaterThan,
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}

_FORBIDDEN = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.NamedExpr: "the walrus operator :=",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Set: "sets",
    ast.Dict: "dicts",
    ast.Starred: "starred arguments",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}

_BINOP_NAMES = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
}

_NUM = "number"
_BOOL = "condition"


class _Parser:
    """One formula: the text, the known names, and where to point in error messages."""

    def __init__(self, text: str, names: Mapping[str, sympy.Symbol], file: str | None, field: str | None) -> None:
        self.text = text
        self.names = names
        self.file = file
        self.field = field

    # ------------------------------------------------------------------ errors
    def segment(self, node: ast.AST) -> str:
        seg = None
        try:
            seg = ast.get_source_segment(self.text, node)
        except Exception:  # noqa: BLE001 - positions are best effort
            seg = None
        if not seg:
            seg = self.text
        return seg if len(seg) <= 200 else seg[:197] + "..."

    def error(self, message: str, node: ast.AST | None = None) -> FormulaError:
        where = ""
        column = getattr(node, "col_offset", None) if node is not None else None
        if column is not None:
            where = f" at line {getattr(node, 'lineno', '?')}, column {column + 1}"
        value = self.segment(node) if node is not None else _shorten(self.text)
        return FormulaError(f"{message}{where} in formula {_shorten(self.text)!r}", file=self.file,
                            field=self.field, value=value)

    # ------------------------------------------------------------------ checks
    def checked(self, expr: sympy.Basic, node: ast.AST) -> sympy.Basic:
        """Refuse constant sub-expressions that are undefined or too large; fold exact ones."""
        if isinstance(expr, sympy.Expr) and not expr.free_symbols:
            try:
                value = evaluate(expr, {})
            except EvaluationError as exc:
                raise self.error(f"constant sub-expression cannot be evaluated: {exc}", node) from None
            magnitude = abs(value) if isinstance(value, Fraction) else abs(value)
            if magnitude > MAX_CONSTANT:
                raise self.error("constant sub-expression is larger than 10**100", node)
            if isinstance(value, Fraction):
                if value.denominator > MAX_CONSTANT:
                    raise self.error("constant sub-expression has a denominator larger than 10**100", node)
                return sympy.Rational(value.numerator, value.denominator)
        return expr

    # ------------------------------------------------------------------ walk
    def walk(self, node: ast.AST, depth: int) -> tuple[sympy.Basic, str]:
        if depth > MAX_DEPTH:
            raise self.error(f"formula is nested deeper than {MAX_DEPTH} levels", node)
        for kind, what in _FORBIDDEN.items():
            if isinstance(node, kind):
                raise self.error(f"{what} not allowed", node)
        if isinstance(node, ast.Constant):
            return self.constant(node), _NUM
        if isinstance(node, ast.Name):
            return self.name(node), _NUM
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth), _NUM
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.IfExp):
            cond = self.condition(node.test, depth + 1)
            a = self.number(node.body, depth + 1)
            b = self.number(node.orelse, depth + 1)
            return self.piecewise([(a, cond), (b, sympy.true)], node), _NUM
        if isinstance(node, ast.Compare):
            return self.compare(node, depth), _BOOL
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v, depth + 1) for v in node.values]
            op = sympy.And if isinstance(node.op, ast.And) else sympy.Or
            return op(*parts), _BOOL
        raise self.error(f"{type(node).__name__} expressions are not allowed", node)

    def number(self, node: ast.AST, depth: int) -> sympy.Basic:
        expr, kind = self.walk(node, depth)
        if kind != _NUM:
            raise self.error("a condition is used where a number is expected", node)
        return expr

    def condition(self, node: ast.AST, depth: int) -> sympy.Basic:
        expr, kind = self.walk(node, depth)
        if kind != _BOOL:
            raise self.error("a number is used where a condition (comparison) is expected", node)
        return expr

    def constant(self, node: ast.Constant) -> sympy.Basic:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.error(f"the constant {value!r} is not allowed; use comparisons in conditions", node)
        if isinstance(value, (str, bytes)):
            raise self.error("strings are not allowed", node)
        if isinstance(value, complex):
            raise self.error("complex numbers are not allowed", node)
        if isinstance(value, int):
            if abs(value) > MAX_CONSTANT:
                raise self.error("integer literal larger than 10**100", node)
            return sympy.Integer(value)
        if isinstance(value, float):
            return self.exact_float(node)
        raise self.error(f"constant of type {type(value).__name__} is not allowed", node)  # pragma: no cover

    def exact_float(self, node: ast.Constant) -> sympy.Rational:
        """The exact rational a float literal's *text* denotes (``0.1`` is 1/10)."""
        text = self.segment(node).replace("_", "").lower()
        match = re.fullmatch(r"(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?", text)
        if match is None or not (match.group(1) or match.group(2)):
            raise self.error("unreadable number literal", node)
        whole, frac, exp_text = match.group(1), match.group(2) or "", match.group(3)
        if exp_text is not None and len(exp_text.lstrip("+-").lstrip("0")) > 4:
            raise self.error("number literal exponent is out of range (|value| must be within 10**-100..10**100)",
                             node)
        exponent = int(exp_text) if exp_text is not None else 0
        digits = (whole + frac).lstrip("0") or "0"
        scale = exponent - len(frac)
        if digits != "0":
            magnitude = len(digits) + scale  # value < 10**magnitude
            if magnitude > 101 or magnitude < -100 or abs(scale) > 400:
                raise self.error("number literal is out of range (|value| must be within 10**-100..10**100)", node)
        value = Fraction(int(digits)) * Fraction(10) ** scale
        if abs(value) > MAX_CONSTANT or value.denominator > MAX_CONSTANT:
            raise self.error("number literal is out of range (at most 10**100, and at most 100 decimals)", node)
        return sympy.Rational(value.numerator, value.denominator)

    def name(self, node: ast.Name) -> sympy.Symbol:
        ident = node.id
        if ident.startswith("__") or ident.endswith("__"):
            raise self.error(f"dunder name {ident!r} is not allowed", node)
        if ident in FUNCTIONS:
            raise self.error(f"{ident!r} is a function; call it with arguments, e.g. {ident}(...)", node)
        symbol = self.names.get(ident)
        if symbol is None:
            known = ", ".join(sorted(self.names)) or "none declared"
            raise self.error(f"unknown name {ident!r}; known parameter names: {known}", node)
        return symbol

    def chain(self, node: ast.BinOp, ops: tuple[type, ...]) -> tuple[ast.AST, list[tuple[ast.operator, ast.AST]]]:
        """Flatten a left-leaning chain ``a op b op c ...`` without recursion."""
        rest: list[tuple[ast.operator, ast.AST]] = []
        cur: ast.AST = node
        while isinstance(cur, ast.BinOp) and isinstance(cur.op, ops):
            rest.append((cur.op, cur.right))
            cur = cur.left
        rest.reverse()
        return cur, rest

    def binop(self, node: ast.BinOp, depth: int) -> sympy.Basic:
        op = node.op
        if type(op) in _BINOP_NAMES:
            raise self.error(f"operator {_BINOP_NAMES[type(op)]!r} is not allowed", node)
        if isinstance(op, ast.Pow):
            return self.power(node, depth)
        ops: tuple[type, ...] = (ast.Add, ast.Sub) if isinstance(op, (ast.Add, ast.Sub)) else (ast.Mult, ast.Div)
        first, rest = self.chain(node, ops)
        acc = self.number(first, depth + 1)
        for k, (sub_op, right) in enumerate(rest):
            rhs = self.number(right, depth + 1)
            if isinstance(sub_op, ast.Add):
                acc = acc + rhs
            elif isinstance(sub_op, ast.Sub):
                acc = acc - rhs
            elif isinstance(sub_op, ast.Mult):
                acc = acc * rhs
            elif isinstance(sub_op, ast.Div):
                if rhs.is_zero:
                    raise self.error("division by zero", right)
                acc = acc / rhs
            else:  # pragma: no cover - chain() only collects ops of the right family
                raise self.error("unexpected operator", node)
            acc = self.checked(acc, node if k == len(rest) - 1 else right)
        return acc

    def power(self, node: ast.BinOp, depth: int) -> sympy.Basic:
        exponent = self.number(node.right, depth + 1)
        if not exponent.is_Rational:
            raise self.error("the exponent of ** must be a constant number", node.right)
        if abs(exponent.p) > MAX_EXPONENT or exponent.q > MAX_EXPONENT:
            raise self.error(f"exponent {exponent} is too large (at most {MAX_EXPONENT} in absolute value)", node.right)
        base = self.number(node.left, depth + 1)
        if base.is_zero and exponent.is_negative:
            raise self.error("division by zero (0 to a negative power)", node)
        return self.checked(sympy.Pow(base, exponent), node)

    def unary(self, node: ast.UnaryOp, depth: int) -> tuple[sympy.Basic, str]:
        if isinstance(node.op, ast.Not):
            return sympy.Not(self.condition(node.operand, depth + 1)), _BOOL
        if isinstance(node.op, ast.Invert):
            raise self.error("operator '~' is not allowed", node)
        operand = self.number(node.operand, depth + 1)
        if isinstance(node.op, ast.USub):
            return self.checked(-operand, node), _NUM
        return operand, _NUM

    def compare(self, node: ast.Compare, depth: int) -> sympy.Basic:
        left = self.number(node.left, depth + 1)
        parts = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            relation = _CMP.get(type(op))
            if relation is None:
                name = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}.get(type(op), "?")
                raise self.error(f"comparison {name!r} is not allowed", node)
            right = self.number(right_node, depth + 1)
            parts.append(relation(left, right))
            left = right
        return parts[0] if len(parts) == 1 else sympy.And(*parts)

    def call(self, node: ast.Call, depth: int) -> tuple[sympy.Basic, str]:
        if not isinstance(node.func, ast.Name):
            raise self.error("only calls to min, max, abs, sqrt, exp, log and piecewise are allowed", node)
        fname = node.func.id
        if fname.startswith("__") or fname.endswith("__"):
            raise self.error(f"dunder name {fname!r} is not allowed", node.func)
        if fname not in FUNCTIONS:
            raise self.error(f"call to {fname!r} is not allowed; allowed functions: {', '.join(FUNCTIONS)}", node)
        if node.keywords:
            raise self.error(f"keyword arguments are not allowed in {fname}(...)", node)
        args = node.args
        if len(args) > _MAX_ARGS:
            raise self.error(f"{fname}(...) takes at most {_MAX_ARGS} arguments", node)
        arity = FUNCTIONS[fname]
        if fname == "piecewise":
            if len(args) < 3 or len(args) % 2 == 0:
                raise self.error("piecewise takes (cond, value, [cond, value, ...], default): an odd number >= 3 "
                                 f"of arguments, got {len(args)}", node)
            pairs = []
            for k in range(0, len(args) - 1, 2):
                cond = self.condition(args[k], depth + 1)
                pairs.append((self.number(args[k + 1], depth + 1), cond))
            pairs.append((self.number(args[-1], depth + 1), sympy.true))
            return self.piecewise(pairs, node), _NUM
        values = [self.number(a, depth + 1) for a in args]
        if arity is None and len(values) < 2:
            raise self.error(f"{fname}(...) needs at least two arguments", node)
        if arity is not None and len(values) != arity:
            raise self.error(f"{fname}(...) takes exactly {arity} argument, got {len(values)}", node)
        if fname in ("min", "max"):
            return self.extremum(fname, values, node), _NUM
        (x,) = values
        if fname == "sqrt":
            if x.is_Rational and x < 0:
                raise self.error("sqrt of a negative number", node)
            out = sympy.sqrt(x)
        elif fname == "log":
            if x.is_Rational and x <= 0:
                raise self.error("log of a number <= 0", node)
            out = sympy.log(x)
        elif fname == "exp":
            out = sympy.exp(x)
        else:  # abs
            out = self.constant_abs(x, node)
        return self.checked(out, node), _NUM

    # ------------------------------------------------------------------ constant-safe builders
    def constant_value(self, expr: sympy.Basic) -> Fraction | float | None:
        if isinstance(expr, sympy.Expr) and not expr.free_symbols:
            return evaluate(expr, {})  # already checked to be finite when it was built
        return None

    def constant_abs(self, x: sympy.Basic, node: ast.AST) -> sympy.Basic:
        value = self.constant_value(x)
        if value is not None:
            return -x if value < 0 else x
        return sympy.Abs(x)

    def extremum(self, fname: str, values: list[sympy.Basic], node: ast.AST) -> sympy.Basic:
        # Decide between constants ourselves (with safe float/exact values) so that sympy never
        # compares large transcendental constants; sympy sees at most one constant argument.
        consts = [(v, self.constant_value(v)) for v in values]
        const_args = [(v, c) for v, c in consts if c is not None]
        symbolic = [v for v, c in consts if c is None]
        if const_args:
            pick = (max if fname == "max" else min)(const_args, key=lambda vc: vc[1])[0]
            symbolic.append(pick)
        func = sympy.Max if fname == "max" else sympy.Min
        # flatten nested calls of the same function and drop repeated arguments ourselves, then
        # build the node unevaluated: sympy's own simplification compares every pair of arguments
        # symbolically (about 5 ms a pair for linear terms: 32 arguments took 5 s), and evaluate()
        # needs none of it
        flat: list[sympy.Basic] = []
        for v in symbolic:
            for a in (v.args if isinstance(v, func) else (v,)):
                if a not in flat:
                    flat.append(a)
        if len(flat) == 1:
            return flat[0]
        return self.checked(func(*flat, evaluate=False), node)

    def piecewise(self, pairs: list[tuple[sympy.Basic, sympy.Basic]], node: ast.AST) -> sympy.Basic:
        return self.checked(sympy.Piecewise(*pairs), node)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _names_map(names: Iterable[str] | Mapping[str, object]) -> dict[str, sympy.Symbol]:
    out: dict[str, sympy.Symbol] = {}
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"parameter names must be strings, got {name!r}")
        out[name] = parameter_symbol(name)
    return out


def parse_formula(
    text: str,
    names: Iterable[str] | Mapping[str, object] = (),
    *,
    file: str | None = None,
    field: str | None = None,
    budget: FormulaBudget | None = None,
) -> sympy.Expr:
    """Parse a payoff formula into a sympy expression, running nothing from it.

    Parameters
    ----------
    text:
        The formula, in Python expression syntax restricted to the whitelist of the module
        docstring.
    names:
        The declared parameter names; each becomes ``sympy.Symbol(name, real=True)``.
    file, field:
        Where the formula comes from, for error messages (e.g. ``"games/deal.toml"`` and
        ``"payoffs.'Accept/Hold'[0]"``).
    budget:
        The :class:`FormulaBudget` of the file the formula belongs to (none: no file-wide bound).

    Returns
    -------
    sympy.Expr
        The formula, with exact rational constants.

    Raises
    ------
    FormulaError
        For anything outside the whitelist; the message names the file, the field and the
        offending text. Non-ASCII characters are refused: Python reads full-width and
        mathematical letters (``ｘ``, ``𝑥``) and ligatures as their ASCII look-alikes, so they
        would silently name a parameter.

    References
    ----------
    Python Software Foundation (2023), *ast — Abstract Syntax Trees*, Python 3.11 documentation.

    Examples
    --------
    >>> parse_formula("0.1 + 1/3")
    13/30
    >>> parse_formula("v - price * (1 + markup)", ["v", "price", "markup"])
    -price*(markup + 1) + v
    >>> parse_formula("piecewise(x < 1, 2*x, 2)", ["x"])
    Piecewise((2*x, x < 1), (2, True))
    >>> parse_formula("__import__('os')", [], field="payoffs")
    Traceback (most recent call last):
    ...
    negotiation.errors.FormulaError: payoffs: dunder name '__import__' is not allowed ...
    """
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}", file=file, field=field, value=text)
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters ({len(text)})", file=file, field=field,
                           value=text[:60] + "...")
    if "#" in text:
        raise FormulaError("comments ('#') are not allowed in formulas", file=file, field=field,
                           value=_shorten(text.strip()))
    # a formula may span lines (TOML multi-line strings): line breaks are plain spaces
    stripped = " ".join(text.splitlines()).strip()
    if not stripped:
        raise FormulaError("formula is empty", file=file, field=field, value=text)
    for k, ch in enumerate(stripped):
        if not ch.isascii():
            raise FormulaError(f"non-ASCII character {ch!r} (U+{ord(ch):04X}) at column {k + 1} is not allowed in "
                               "formulas (Python would read look-alike letters as ASCII names); write plain ASCII",
                               file=file, field=field, value=_shorten(stripped))
    parser = _Parser(stripped, _names_map(names), file, field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        col = f" at column {exc.offset}" if exc.offset else ""
        raise FormulaError(f"syntax error{col}: {exc.msg}", file=file, field=field, value=_shorten(stripped)) from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise FormulaError(f"formula cannot be parsed: {exc}", file=file, field=field,
                           value=_shorten(stripped)) from None
    count = 0
    for node in ast.walk(tree.body):
        if isinstance(node, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
            continue  # markers of their parent node, not nodes of the formula
        count += 1
        if count > MAX_NODES:
            raise FormulaError(f"formula has more than {MAX_NODES} syntax nodes", file=file, field=field,
                               value=_shorten(stripped))
    if budget is not None:
        budget.charge(count, file=file, field=field, text=stripped)
    try:
        expr, kind = parser.walk(tree.body, 1)
    except RecursionError:  # pragma: no cover - depth is bounded well below the recursion limit
        raise FormulaError("formula is nested too deeply", file=file, field=field, value=_shorten(stripped)) from None
    if kind != _NUM:
        raise parser.error("a formula must be a number, not a condition", tree.body)
    _check_built(expr, parser)
    return expr


def _check_built(expr: sympy.Basic, parser: _Parser) -> None:
    """Bounds on the finished expression: sympy may have combined powers and constants."""
    for sub in sympy.preorder_traversal(expr):
        if isinstance(sub, sympy.Pow) and sub.exp.is_Rational and abs(sub.exp.p) > MAX_TOTAL_EXPONENT * sub.exp.q:
            raise parser.error(f"exponent {sub.exp} is too large after combining powers "
                               f"(at most {MAX_TOTAL_EXPONENT})")
        if sub.is_Rational and (abs(sub.p) > MAX_CONSTANT or sub.q > MAX_CONSTANT):
            raise parser.error("a constant has a numerator or denominator larger than 10**100 after combining terms")
