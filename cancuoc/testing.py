"""Builders and personas for tests: plain functions with keyword defaults.

Units are built directly (not loaded from the data package) so tests stay fast; the loader
has its own tests against the real package.
"""

from __future__ import annotations

import datetime as dt
import itertools

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.models import Agency, User
from cancuoc.areas.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2024"
_counter = itertools.count(1)


def make_unit(*, code: str | None = None, name: str = "Tân Phú", kind: str = "Xã",
              level: str = Unit.Level.COMMUNE, scheme: str = Unit.Scheme.V2025,
              parent: Unit | None = None, **extra) -> Unit:
    from cancuoc.rules.names import fold

    code = code or f"{90000 + next(_counter)}"
    province = parent.province if parent and parent.province_id else parent
    if level == Unit.Level.PROVINCE:
        province = None
    return Unit.objects.create(
        scheme=scheme, level=level, code=code, name=name, kind=kind, name_folded=fold(name),
        parent=parent, province=province,
        valid_from=dt.date(2025, 7, 1) if scheme == Unit.Scheme.V2025 else None,
        valid_to=dt.date(2025, 6, 30) if scheme == Unit.Scheme.LEGACY else None, **extra,
    )


def make_province(*, code: str = "75", name: str = "Đồng Nai", kind: str = "Tỉnh") -> Unit:
    return make_unit(code=code, name=name, kind=kind, level=Unit.Level.PROVINCE)


def make_agency(unit: Unit, *, kind: str = Agency.Kind.COMMUNE_POLICE, name: str = "") -> Agency:
    return Agency.objects.create(name=name or f"Công an {unit.full_name}", kind=kind, unit=unit)


def make_user(agency: Agency | None, *, role: str = User.Role.COMMUNE_OFFICER,
              username: str | None = None) -> User:
    username = username or f"user{next(_counter)}"
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, agency=agency, full_name=username
    )


def actor_for(user: User, channel: str = Channel.WEB) -> Actor:
    return Actor.for_user(user, channel=channel)


def system_actor() -> Actor:
    return Actor.system("test")


def make_person(unit: Unit, *, full_name: str = "Nguyễn Văn An", birth_date=dt.date(1990, 5, 15),
                sex: str = "male", personal_id: str | None = "075090012345", **extra):
    """A person row written directly (for read-side tests; write-side tests use services)."""
    from cancuoc.registry.models import Person
    from cancuoc.rules.names import fold

    folded = fold(full_name)
    return Person.objects.create(
        full_name=full_name, birth_date=birth_date, sex=sex, personal_id=personal_id,
        unit=unit, province=unit.province or unit, name_folded=folded,
        given_folded=folded.split()[-1], **extra,
    )
