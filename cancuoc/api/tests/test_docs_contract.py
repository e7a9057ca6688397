"""docs/api/v1.md is a contract: every schema field and every error code is documented there."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from ninja import Schema

from cancuoc.api import schemas

API_DIR = Path(__file__).resolve().parents[1]
DOC = (API_DIR.parents[1] / "docs" / "api" / "v1.md").read_text()
CODE_LITERAL = re.compile(r'(?:ApiError|error_response)\(\s*\d+,\s*"([a-z_]+)"')


def schema_fields():
    for name, cls in inspect.getmembers(schemas, inspect.isclass):
        if issubclass(cls, Schema) and cls.__module__ == schemas.__name__:
            for field in cls.model_fields:
                yield name, field


def error_codes():
    from cancuoc.api.errors import MESSAGES

    codes = set(MESSAGES) | {"bad_request", "validation_error"}
    for path in API_DIR.glob("*.py"):
        codes |= set(CODE_LITERAL.findall(path.read_text()))
    return sorted(codes)


def test_there_are_schemas_to_check():
    assert {"PersonRead", "UnitRef", "ErrorOut"} <= {name for name, _ in schema_fields()}


@pytest.mark.parametrize(("schema", "field"), list(schema_fields()))
def test_schema_field_is_documented(schema, field):
    assert f"### `{schema}`" in DOC, f"schema {schema} has no section in docs/api/v1.md"
    section = DOC.split(f"### `{schema}`", 1)[1].split("\n### ", 1)[0]
    assert f"| `{field}` |" in section, f"{schema}.{field} is not in its table in docs/api/v1.md"


@pytest.mark.parametrize("code", error_codes())
def test_error_code_is_documented(code):
    assert f"| `{code}` |" in DOC, f"error code {code} is not in docs/api/v1.md"
