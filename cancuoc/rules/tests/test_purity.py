"""cancuoc.rules imports only the standard library and never reads the clock."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[1]
MODULES = sorted(p for p in RULES.glob("*.py"))
# the one allowed third-party import, done lazily inside vn_holidays()/vn_weekend_workdays()
LAZY = {("workdays.py", "holidays")}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(top-level module name, imported at module level?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name.split(".")[0], id(node) in top_level) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module.split(".")[0], id(node) in top_level))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_rules_import_only_the_standard_library(path):
    for name, at_top in _imports(path):
        if name == "cancuoc" or name in sys.stdlib_module_names or name == "__future__":
            continue
        assert (path.name, name) in LAZY and not at_top, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_rules_never_read_the_clock(path):
    source = path.read_text(encoding="utf-8")
    for call in ("today(", "now(", "utcnow(", "time.time("):
        assert call not in source, f"{path.name} calls {call}"


def test_rules_import_nothing_from_other_apps():
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cancuoc."):
                assert node.module.startswith("cancuoc.rules"), f"{path.name}: {node.module}"
