"""API fixtures: a person in commune A, a partner agency with its key, clients."""

from __future__ import annotations

import pytest
from django.test import Client

from cancuoc.accounts.keys import issue_api_key
from cancuoc.accounts.models import Agency
from cancuoc.registry.models import Person
from cancuoc.registry.services import create_person
from cancuoc.registry.validation import PersonInput
from cancuoc.testing import make_agency, system_actor

# Đồng Nai birth registration (075), man born 1990: century/sex digit 0.
PERSON_ID = "075090001234"


def make_person(
    unit, *, full_name="Nguyễn Văn An", personal_id=PERSON_ID, birth_date="15/05/1990", sex="Nam"
) -> Person:
    data = PersonInput(full_name=full_name, birth_date=birth_date, sex=sex, unit=unit.code,
                       personal_id=personal_id)  # fmt: skip
    return create_person(data=data, actor=system_actor())


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
