"""Fixtures of the export tests: three people in two communes of one province."""

from __future__ import annotations

import pytest

from cancuoc.registry.exports.tests.sources import run, write_source
from cancuoc.registry.tests.conftest import browser  # noqa: F401 - the real Chromium


@pytest.fixture
def people(tmp_path, commune_a, commune_b):
    job = run(write_source(tmp_path))
    assert (job.rows_imported, job.rows_invalid) == (3, 0), job.message
    return job
