"""API fixtures: a person in commune A, a partner agency with its key, clients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cancuoc.accounts.keys import issue_api_key
from cancuoc.accounts.models import Agency
from cancuoc.registry.models import Person
from cancuoc.rules.names import fold, split_name
from cancuoc.testing import make_agency, system_actor

# Đồng Nai birth registration (075), man born 1990: century/sex digit 0.
PERSON_ID = "075090001234"


def make_person(
    unit,
    *,
    full_name="Nguyễn Văn An",
    personal_id=PERSON_ID,
    birth_date=dt.date(1990, 5, 15),
    birth_precision="day",
    sex="male",
) -> Person:
    # Built directly until registry.services.create_person exists.
    return Person.objects.create(
        full_name=full_name, personal_id=personal_id, birth_date=birth_date,
        birth_precision=birth_precision, sex=sex, unit=unit, province=unit.province,
        name_folded=fold(full_name), given_folded=fold(split_name(full_name).given),
    )  # fmt: skip


@pytest.fixture
def person(commune_a):
    return make_person(commune_a)


@pytest.fixture
def partner_agency(province):
    return make_agency(province, kind=Agency.Kind.PARTNER, name="Ngân hàng Thử nghiệm")


@pytest.fixture
def partner_key(partner_agency):
    """An IssuedKey (key + token) of the partner agency, quota 3 a day."""
    return issue_api_key(partner_agency, name="eKYC", daily_quota=3, actor=system_actor())


@pytest.fixture
def client_for():
    """A client signed in as `user`, enforcing CSRF like a real browser."""

    def build(user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    return build
