"""API v1 endpoints: thin functions over the registry's queries and services."""

from __future__ import annotations

from ninja import Router

from cancuoc.accounts.scope import scope_of_user
from cancuoc.api.auth import require_officer
from cancuoc.api.errors import ApiError
from cancuoc.api.schemas import ErrorOut, PersonRead
from cancuoc.registry.queries import people_in_scope
from cancuoc.registry.services import record_person_view
from cancuoc.rules.errors import InvalidIdNumber
from cancuoc.rules.idnumber import parse_id_number

people = Router(tags=["Công dân"])

NOT_IN_AREA = "Không tìm thấy công dân trong địa bàn của bạn."
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 429)}


@people.get(
    "/by-id/{personal_id}",
    response={200: PersonRead, **ERRORS},
    summary="Tra cứu công dân theo số định danh cá nhân (cán bộ)",
    operation_id="people_by_id",
)
def person_by_id(request, personal_id: str):
    """Officers only (session): the person with this number inside the officer's area.

    Out of area answers 404 exactly like a number that is not registered. Every successful
    read writes `registry.person.viewed` to the audit trail with channel `api`.
    """
    user = require_officer(request)
    try:
        number = parse_id_number(personal_id)
    except InvalidIdNumber as exc:
        raise ApiError(400, "invalid_id_number", f"{exc.reason}.") from None
    people_here = people_in_scope(scope_of_user(user)).select_related("unit", "province")
    person = people_here.filter(personal_id=number.text).first()
    if person is None:
        raise ApiError(404, "not_found", NOT_IN_AREA)
    record_person_view(person, actor=request.auth.actor)
    return PersonRead.of(person)
