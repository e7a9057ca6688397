"""A user's scope follows their agency's area, in either administrative structure."""

from __future__ import annotations

from cancuoc.accounts.models import Agency, User
from cancuoc.accounts.scope import scope_of_user
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.testing import make_agency, make_unit, make_user


def test_commune_officer_sees_own_commune_only(officer, commune_a, commune_b):
    scope = scope_of_user(officer)
    assert scope.contains_unit(commune_a)
    assert not scope.contains_unit(commune_b)


def test_provincial_officer_sees_the_province(provincial, commune_a, commune_b):
    scope = scope_of_user(provincial)
    assert scope.contains_unit(commune_a) and scope.contains_unit(commune_b)
    other = make_unit(code="01", name="Hà Nội", kind="Thành phố", level=Unit.Level.PROVINCE)
    assert not scope.contains_unit(make_unit(name="Ba Đình", kind="Phường", parent=other))


def test_legacy_district_team_sees_the_communes_its_old_communes_became(commune_a, commune_b):
    old_province = make_unit(code="75", level=Unit.Level.PROVINCE, scheme=Unit.Scheme.LEGACY,
                             name="Đồng Nai", kind="Tỉnh")
    district = make_unit(code="731", level=Unit.Level.DISTRICT, scheme=Unit.Scheme.LEGACY,
                         name="Biên Hòa", kind="Thành phố", parent=old_province)
    old_commune = make_unit(code="26042", scheme=Unit.Scheme.LEGACY, name="Tân Biên",
                            kind="Phường", parent=district)
    UnitLink.objects.create(old=old_commune, new=commune_a)
    team = make_user(make_agency(district, kind=Agency.Kind.DISTRICT_POLICE),
                     role=User.Role.PROVINCIAL_OFFICER)
    scope = scope_of_user(team)
    assert scope.contains_unit(commune_a)
    assert not scope.contains_unit(commune_b)


def test_user_without_agency_sees_nothing(db):
    user = make_user(None)
    assert scope_of_user(user).is_empty
