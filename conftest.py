"""Personas (healthchecks' Alice/Bob/Charlie): who can see what.

- `officer`: commune officer of commune A (can read and write A's register)
- `head`: commune head of commune A
- `provincial`: PC06 officer of the province containing A and B
- `viewer`: People's Committee viewer of commune A (no personal records)
- `outsider`: commune officer of commune B (must get 404 for A's people)
- `auditor`: sees the audit trail
"""

from __future__ import annotations

import pytest

from cancuoc.accounts.models import Agency, User
from cancuoc.testing import make_agency, make_province, make_unit, make_user


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def commune_a(province):
    return make_unit(code="26041", name="Trảng Dài", kind="Phường", parent=province)


@pytest.fixture
def commune_b(province):
    return make_unit(code="26068", name="Tam Hiệp", kind="Phường", parent=province)


@pytest.fixture
def officer(commune_a):
    return make_user(make_agency(commune_a), username="officer")


@pytest.fixture
def head(commune_a):
    agency = Agency.objects.filter(unit=commune_a).first() or make_agency(commune_a)
    return make_user(agency, role=User.Role.COMMUNE_HEAD, username="head")


@pytest.fixture
def outsider(commune_b):
    return make_user(make_agency(commune_b), username="outsider")


@pytest.fixture
def provincial(province):
    agency = make_agency(province, kind=Agency.Kind.PROVINCE_POLICE, name="Phòng PC06")
    return make_user(agency, role=User.Role.PROVINCIAL_OFFICER, username="pc06")


@pytest.fixture
def viewer(commune_a):
    agency = make_agency(commune_a, kind=Agency.Kind.COMMITTEE, name="UBND phường Trảng Dài")
    return make_user(agency, role=User.Role.COMMITTEE_VIEWER, username="viewer")


@pytest.fixture
def auditor(province):
    agency = make_agency(province, kind=Agency.Kind.PROVINCE_POLICE, name="Thanh tra")
    return make_user(agency, role=User.Role.AUDITOR, username="auditor")
