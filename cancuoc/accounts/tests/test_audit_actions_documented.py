"""docs/audit-actions.md is a contract: it lists exactly the action codes the code can write.

The codes are collected from the source with `ast`: the action argument of every `audit.record`
call (a string literal, a module constant, or a parameter of the calling helper that its own
callers fill with literals) and every module constant named `*ACTION` holding a dotted code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
DOC_PATH = PACKAGE.parent / "docs" / "audit-actions.md"
CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
DOC_TOKEN = re.compile(r"`([a-z_]*\.[a-z_.]+)`")


def source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = set(path.relative_to(PACKAGE).parts)
        if not parts & {"tests", "migrations"} and path.name != "testing.py":
            yield path


def _is_record_call(node: ast.AST) -> bool:
    """`audit.record(...)` or a bare `record(...)` imported from the audit module."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return (
            func.attr == "record" and isinstance(func.value, ast.Name) and func.value.id == "audit"
        )
    return isinstance(func, ast.Name) and func.id == "record"


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class ModuleCodes:
    """The action codes one module can write, and the `record` calls it could not resolve."""

    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.constants = {
            target.id: value
            for node in self.tree.body
            if isinstance(node, ast.Assign) and (value := _string(node.value)) is not None
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.codes: set[str] = {
            value
            for name, value in self.constants.items()
            if name.endswith("ACTION") and CODE.match(value)
        }
        self.unresolved: list[str] = []
        self._visit(self.tree, self.tree)

    def _visit(self, node: ast.AST, function: ast.AST) -> None:
        """Walk the tree, remembering the innermost function around each `record` call."""
        if _is_record_call(node):
            self._collect(node, function)
        inner = node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else function
        for child in ast.iter_child_nodes(node):
            self._visit(child, inner)

    def _collect(self, call: ast.Call, function: ast.AST) -> None:
        action = _argument(call, 1, "action")
        values = self._resolve(action, function)
        if not values:
            where = f"{self.path.relative_to(PACKAGE.parent)}:{call.lineno}"
            self.unresolved.append(f"{where}: {ast.unparse(action) if action else '(none)'}")
        self.codes |= values

    def _resolve(self, node: ast.expr | None, function: ast.AST) -> set[str]:
        if (literal := _string(node)) is not None:
            return {literal}
        if not isinstance(node, ast.Name):
            return set()
        if node.id in self.constants:
            return {self.constants[node.id]}
        return self._parameter_values(function, node.id)

    def _parameter_values(self, function: ast.AST, name: str) -> set[str]:
        """The literals that callers in this module pass for `name`, a parameter of `function`."""
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            return set()
        args = function.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        if name not in positional + [a.arg for a in args.kwonlyargs]:
            return set()
        values = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == function.name:
                    position = positional.index(name) if name in positional else len(node.args) + 99
                    value = _string(_argument(node, position, name))
                    if value is None:
                        return set()  # a caller passes something this test cannot read
                    values.add(value)
        return values


def codes_in_source() -> tuple[set[str], list[str]]:
    codes, unresolved = set(), []
    for path in source_files():
        module = ModuleCodes(path)
        codes |= module.codes
        unresolved += module.unresolved
    return codes, unresolved


def codes_in_doc() -> set[str]:
    """Codes in the table's first column; `.verb` after a full code in the same cell shares its stem."""
    codes = set()
    for line in DOC_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        stem = None
        for token in DOC_TOKEN.findall(line.split("|")[1]):
            if token.startswith(".") and stem:
                codes.add(f"{stem}{token}")
            elif CODE.match(token):
                codes.add(token)
                stem = token.rsplit(".", 1)[0]
    return codes


def test_every_record_call_has_a_readable_action_code():
    _, unresolved = codes_in_source()
    assert not unresolved, (
        "audit.record calls whose action code is not a literal or constant:\n"
        + ("\n".join(unresolved))
    )


def test_the_collector_finds_codes_written_in_each_style():
    codes, _ = codes_in_source()
    assert "registry.person.created" in codes  # a literal
    assert "registry.people.bulk_created" in codes  # AUDIT_ACTION = "..."
    assert "registry.correction.approved" in codes  # a helper's parameter, filled by its callers
    assert "registry.collection.returned" in codes  # the same, passed positionally


def test_the_doc_parser_expands_shorthand_rows():
    assert {"registry.collection.verified", "registry.correction.applied"} <= codes_in_doc()


def test_every_written_code_is_documented():
    codes, _ = codes_in_source()
    missing = sorted(codes - codes_in_doc())
    assert not missing, f"action codes missing from docs/audit-actions.md: {', '.join(missing)}"


def test_every_documented_code_is_still_written():
    codes, _ = codes_in_source()
    stale = sorted(codes_in_doc() - codes)
    assert not stale, f"docs/audit-actions.md lists codes no code writes: {', '.join(stale)}"
