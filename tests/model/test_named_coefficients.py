"""Every coefficient of the model's equations has a name (issue 9, item 7).

The model's modules are parsed with ``ast``; a numeric literal inside an expression
fails the test unless it is 0, ±1, 2, a small integer (a count, an index, a code or an
exponent), or named where it stands: the right-hand side of a module-level constant
(``UPPER_CASE = ...``, which the ODD constants table shows), a keyword argument
(``Lever(rate=0.06)``, ``Parameter(default=...)``: the ODD lever and parameter tables
show them) or a dataclass field default. The module-level constants of these modules
must appear in the generated ODD constants table with a meaning.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from models import departments, kernel, learning, levers, parameters, shocks
from simulation import odd

MODULES = (kernel, levers, departments, learning, shocks, parameters)
ALLOWED_FLOATS = {0.0, 1.0, -1.0, 2.0}
MAX_SMALL_INT = 16  # counts, indices, diagnosis codes, draw offsets


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_constant_name(name: str) -> bool:
    return name.lstrip("_").replace("_", "").isalnum() and name.lstrip("_").isupper()


def _named_where_it_stands(node: ast.AST, parents: dict) -> bool:
    """A literal is named by a keyword, a constant, a field, or is an exponent."""
    parent = parents.get(node)
    if isinstance(parent, ast.keyword):
        return True
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow) and parent.right is node:
        return True
    if (
        isinstance(parent, ast.Call)
        and getattr(parent.func, "attr", getattr(parent.func, "id", "")) == "pow"
        and parent.args[1:2] == [node]
    ):
        return True
    stmt = node
    while stmt in parents and not isinstance(parents[stmt], (ast.Module, ast.ClassDef)):
        stmt = parents[stmt]
    owner = parents.get(stmt)
    if isinstance(owner, ast.ClassDef) and isinstance(stmt, ast.AnnAssign):
        return True  # dataclass field default
    if isinstance(owner, ast.Module) and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = [
            e.id
            for t in targets
            for e in (t.elts if isinstance(t, ast.Tuple) else [t])
            if isinstance(e, ast.Name)
        ]
        return bool(names) and all(_is_constant_name(n) for n in names)
    return False


def unnamed_literals(source: str) -> list[tuple[int, float]]:
    """(line, value) of every numeric literal in ``source`` that has no name."""
    tree = ast.parse(source)
    parents = _parents(tree)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        if not isinstance(node.value, (int, float)):
            continue
        at, value = node, node.value
        if isinstance(parents.get(node), ast.UnaryOp):
            at, value = parents[node], -value
        if isinstance(value, int) and abs(value) <= MAX_SMALL_INT:
            continue
        if isinstance(value, float) and value in ALLOWED_FLOATS:
            continue
        if _named_where_it_stands(at, parents):
            continue
        out.append((node.lineno, node.value))
    return out


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_no_unnamed_coefficient(module):
    found = unnamed_literals(inspect.getsource(module))
    where = Path(module.__file__).name
    assert not found, f"{where}: unnamed numeric literals (line, value): {found}"


def test_the_checker_finds_an_unnamed_coefficient():
    source = "X = 0.3\ndef f(a):\n    return 0.35 * a + X + 2.0 * a ** 3 + a[4]\n"
    assert unnamed_literals(source) == [(3, 0.35)]
    assert unnamed_literals("def f(a):\n    return a / 240.0\n") == [(2, 240.0)]
    assert unnamed_literals("def f(a):\n    return -0.5 * a\n") == [(2, 0.5)]


def _literal_constants(source: str) -> list[str]:
    """UPPER_CASE module-level names assigned a numeric literal (coefficients)."""
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            pairs = (
                zip(target.elts, value.elts, strict=True)
                if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                else [(target, value)]
            )
            for t, v in pairs:
                if isinstance(v, ast.UnaryOp):
                    v = v.operand
                if (
                    isinstance(t, ast.Name)
                    and t.id.isupper()
                    and isinstance(v, ast.Constant)
                    and isinstance(v.value, (int, float))
                ):
                    out.append(t.id)
    return out


def test_every_numeric_constant_is_in_the_odd_constants_table():
    table = odd.constants_table()
    assert odd.UNDOCUMENTED not in table
    for module in (kernel, departments, shocks, levers):
        for name in _literal_constants(inspect.getsource(module)):
            assert f"`{name}`" in table, f"{module.__name__}.{name} missing from the ODD"
