"""Cancelling and re-establishing personal ID numbers with a wrong structure (seed 002)."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.scope import Scope
from cancuoc.registry.models import Person
from cancuoc.registry.workflows import idnumbers
from cancuoc.registry.workflows.common import WorkflowError
from cancuoc.registry.workflows.idnumbers import cancel_id_number, reestablish_id_number
from cancuoc.registry.workflows.models import IdNumberChange
from cancuoc.registry.workflows.queries import (
    id_number_problems,
    pending_id_number_cases,
    people_by_any_id_number,
    people_with_malformed_id_number,
)
from cancuoc.rules.idnumber import check_consistency, parse_id_number
from cancuoc.testing import actor_for, make_person


@pytest.fixture
def wrong_year(commune_a):
    """Born 1990 but the number says 1991."""
    return make_person(commune_a, full_name="Lê Văn Sai", personal_id="075091000111")


def test_it_detects_each_kind_of_wrong_structure_in_sql_like_the_rules(commune_a):
    cases = {
        "075090012345": ("male", dt.date(1990, 5, 15)),  # right
        "075190012346": ("male", dt.date(1990, 5, 15)),  # sex digit says female
        "075091012347": ("male", dt.date(1990, 5, 15)),  # year 1991
        "003090012348": ("male", dt.date(1990, 5, 15)),  # unknown province code
        "07509001234": ("male", dt.date(1990, 5, 15)),  # 11 digits
        "075305000001": ("female", dt.date(2005, 1, 2)),  # right, 21st century woman
        "075205000002": ("female", dt.date(2005, 1, 2)),  # century digit of a man
        "07509A012349": ("male", dt.date(1990, 5, 15)),  # a letter
    }
    for n, (number, (sex, born)) in enumerate(cases.items()):
        make_person(commune_a, full_name=f"Người Số {chr(65 + n)}", personal_id=number,
                    sex=sex, birth_date=born)  # fmt: skip

    found = set(people_with_malformed_id_number(Scope(national=True))
                .values_list("personal_id", flat=True))  # fmt: skip

    by_rules = {p.personal_id for p in Person.objects.all() if id_number_problems(p)}
    assert found == by_rules == set(cases) - {"075090012345", "075305000001"}


def test_it_reestablishes_a_well_formed_unique_number_and_keeps_the_old_one(wrong_year, officer):
    change = reestablish_id_number(
        wrong_year, reason="Sai năm sinh trong số", actor=actor_for(officer)
    )

    wrong_year.refresh_from_db()
    new = parse_id_number(wrong_year.personal_id)
    assert check_consistency(new, birth_date=wrong_year.birth_date, sex=new.sex) == []
    assert new.place_code == "075" and new.birth_year == 1990
    assert (change.old_number, change.new_number) == ("075091000111", wrong_year.personal_id)
    assert change.officer == officer and change.problems and change.reason
    assert [p.pk for p in people_by_any_id_number(Scope(national=True), "075091000111")] == [
        wrong_year.pk
    ]


def test_it_writes_the_field_history_and_its_own_audit_event(wrong_year, officer):
    reestablish_id_number(wrong_year, reason="Sai cấu trúc", actor=actor_for(officer))

    wrong_year.refresh_from_db()
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "data"))
    assert actions[0] == (
        "registry.person.updated",
        {"personal_id": ["075091000111", wrong_year.personal_id]},
    )
    assert actions[1][0] == "registry.idnumber.reestablished"
    assert actions[1][1]["reason"] == "Sai cấu trúc"


def test_it_refuses_a_number_with_the_right_structure(commune_a, officer):
    person = make_person(commune_a)

    with pytest.raises(WorkflowError, match="đúng cấu trúc"):
        reestablish_id_number(person, reason="Thử", actor=actor_for(officer))
    assert not IdNumberChange.objects.exists() and not AuditEvent.objects.exists()


def test_it_requires_a_reason(wrong_year, officer):
    with pytest.raises(WorkflowError, match="lý do"):
        reestablish_id_number(wrong_year, reason="  ", actor=actor_for(officer))
    wrong_year.refresh_from_db()
    assert wrong_year.personal_id == "075091000111"


def test_it_never_reuses_a_number_in_use_or_cancelled(wrong_year, commune_a, officer, monkeypatch):
    make_person(commune_a, full_name="Trần Có Số", personal_id="075090000001")
    IdNumberChange.objects.create(
        person=wrong_year, kind="cancelled", old_number="075090000002", reason="x",
        changed_on=dt.date(2024, 1, 1), officer_label="x", unit=commune_a,
        province=commune_a.province,
    )  # fmt: skip
    serials = iter([1, 2, 3])
    monkeypatch.setattr(idnumbers, "_draw_serial", lambda: next(serials))

    reestablish_id_number(wrong_year, reason="Sai năm sinh", actor=actor_for(officer))

    wrong_year.refresh_from_db()
    assert wrong_year.personal_id == "075090000003"


def test_a_collision_inside_the_transaction_draws_again(wrong_year, officer, monkeypatch):
    # Another transaction takes the first drawn number between the check and the write.
    serials = iter([7, 8])
    monkeypatch.setattr(idnumbers, "_draw_serial", lambda: next(serials))
    real_unused = idnumbers.unused_id_number
    taken = []

    def racing_unused(**kw):
        number = real_unused(**kw)
        if not taken:
            taken.append(make_person(wrong_year.unit, full_name="Đua Số", personal_id=number))
        return number

    monkeypatch.setattr(idnumbers, "unused_id_number", racing_unused)
    reestablish_id_number(wrong_year, reason="Sai năm sinh", actor=actor_for(officer))

    wrong_year.refresh_from_db()
    assert wrong_year.personal_id == "075090000008"
    assert taken[0].personal_id == "075090000007"


def test_the_old_province_code_is_kept_only_when_it_exists(commune_a, officer):
    person = make_person(commune_a, full_name="Mã Tỉnh Sai", personal_id="003090000123")

    reestablish_id_number(person, reason="Mã tỉnh không tồn tại", actor=actor_for(officer))

    person.refresh_from_db()
    assert person.personal_id.startswith("0750")  # Đồng Nai (fixture code 75)


def test_cancelling_removes_the_number_but_keeps_it_searchable(commune_a, officer):
    person = make_person(commune_a, personal_id="075090012345")

    change = cancel_id_number(person, reason="Hồ sơ trùng", actor=actor_for(officer))

    person.refresh_from_db()
    assert person.personal_id is None and change.kind == IdNumberChange.Kind.CANCELLED
    assert list(people_by_any_id_number(Scope(national=True), "075090012345")) == [person]
    assert AuditEvent.objects.filter(action="registry.idnumber.cancelled").count() == 1


def test_pending_cases_explain_each_problem_and_drop_once_fixed(wrong_year, officer):
    scope = Scope(national=True)
    [case] = pending_id_number_cases(scope)
    assert "1991" in case.problems[0] and "1990" in case.problems[0]

    reestablish_id_number(wrong_year, reason="Sai năm sinh", actor=actor_for(officer))

    assert pending_id_number_cases(scope) == []
