"""`cancuoc demo`: a living district on first run — real communes, a realistic population with
its flaws, one user per role, and their work in flight (demo_activity). Later runs reuse the
data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.models import Agency, User
from cancuoc.areas.models import Unit

DEMO_PROVINCE_CODE = "75"  # Tỉnh Đồng Nai (since 01/7/2025 includes former Bình Phước)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    agency_kind: str
    agency_name: str
    at: str  # "commune" (the first demo commune), "commune2" or "province"


DEMO_USERS = [
    DemoUser(
        "canbo.xa",
        "canbo-xa-2024",
        User.Role.COMMUNE_OFFICER,
        Agency.Kind.COMMUNE_POLICE,
        "Công an {unit}",
        "commune",
    ),
    DemoUser(
        "truong.xa",
        "truong-xa-2024",
        User.Role.COMMUNE_HEAD,
        Agency.Kind.COMMUNE_POLICE,
        "Công an {unit}",
        "commune",
    ),
    DemoUser(
        "canbo.xa2",
        "canbo-xa2-2024",
        User.Role.COMMUNE_OFFICER,
        Agency.Kind.COMMUNE_POLICE,
        "Công an {unit}",
        "commune2",
    ),
    DemoUser(
        "pc06",
        "pc06-tinh-2024",
        User.Role.PROVINCIAL_OFFICER,
        Agency.Kind.PROVINCE_POLICE,
        "Phòng PC06 Công an {unit}",
        "province",
    ),
    DemoUser(
        "ubnd.xa",
        "ubnd-xa-2024",
        User.Role.COMMITTEE_VIEWER,
        Agency.Kind.COMMITTEE,
        "UBND {unit}",
        "commune",
    ),
    DemoUser(
        "tuphap",
        "so-tu-phap-2024",
        User.Role.AGENCY_STAFF,
        Agency.Kind.DEPARTMENT,
        "Sở Tư pháp {unit}",
        "province",
    ),
    DemoUser(
        "doitac.nganhang",
        "doi-tac-2024",
        User.Role.PARTNER_CLIENT,
        Agency.Kind.PARTNER,
        "Ngân hàng thử nghiệm",
        "province",
    ),
    DemoUser(
        "kiemtra",
        "kiem-tra-2024",
        User.Role.AUDITOR,
        Agency.Kind.PROVINCE_POLICE,
        "Thanh tra Công an {unit}",
        "province",
    ),
    DemoUser(
        "quantri",
        "quan-tri-2024",
        User.Role.ADMIN,
        Agency.Kind.PROVINCE_POLICE,
        "Phòng PC06 Công an {unit}",
        "province",
    ),
]


def demo_actor() -> Actor:
    return Actor.system("cancuoc demo", channel=Channel.CLI)


def demo_units() -> dict[str, Unit]:
    """The demo province and the two busiest demo communes (by people in the register)."""
    from django.db.models import Count

    from cancuoc.registry.models import Person

    province = Unit.objects.get(
        scheme=Unit.Scheme.V2025, level=Unit.Level.PROVINCE, code=DEMO_PROVINCE_CODE
    )
    ranked = (
        Person.objects.filter(province=province)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:2]
    )
    communes = [Unit.objects.get(pk=r["unit_id"]) for r in ranked]
    if not communes:
        communes = list(Unit.objects.filter(province=province, level=Unit.Level.COMMUNE)[:2])
    return {"province": province, "commune": communes[0], "commune2": communes[-1]}


@transaction.atomic
def ensure_demo_users() -> list[tuple[DemoUser, Unit]]:
    """Create (or reset the password of) one demo user per role; returns them with their area."""
    units = demo_units()
    created = []
    for spec in DEMO_USERS:
        unit = units[spec.at]
        agency, _ = Agency.objects.get_or_create(
            name=spec.agency_name.format(unit=unit.full_name),
            kind=spec.agency_kind,
            unit=unit,
        )
        user, _ = User.objects.get_or_create(username=spec.username)
        user.role, user.agency, user.full_name = spec.role, agency, spec.username
        user.is_staff = user.is_superuser = spec.role == User.Role.ADMIN
        user.set_password(spec.password)
        user.save()
        created.append((spec, unit))
    return created
