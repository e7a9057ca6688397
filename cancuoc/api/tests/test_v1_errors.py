"""Every error under /api/ is JSON {"code", "message"} in Vietnamese, never an HTML page."""

from __future__ import annotations

from django.test import RequestFactory
from ninja.errors import ValidationError

from cancuoc.api import views
from cancuoc.api.errors import describe_validation_error
from cancuoc.api.tests.conftest import PERSON_ID
from cancuoc.api.v1 import api
from cancuoc.lib.domain import DomainError

URL = f"/api/v1/people/by-id/{PERSON_ID}"


def test_unknown_address_gets_404_json(client_for, officer):
    response = client_for(officer).get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unsupported_method_gets_405_json(client_for, officer):
    response = client_for(officer).delete(URL)
    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "Phương thức DELETE không được hỗ trợ tại địa chỉ này.",
    }
    assert response["Allow"] == "GET"


def test_unhandled_exception_gets_500_json(client_for, officer, person, monkeypatch):
    def broken(scope):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(views, "people_in_scope", broken)
    response = client_for(officer).get(URL)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "server_error",
        "message": "Hệ thống gặp lỗi. Vui lòng thử lại sau.",
    }


def test_validation_error_gets_422_naming_the_field():
    request = RequestFactory().get("/api/v1/x")
    errors = [{"loc": ("query", "page"), "type": "int_parsing", "msg": "Input should be int"}]
    response = api.on_exception(request, ValidationError(errors))
    assert response.status_code == 422
    assert response.content.decode() == (
        '{"code": "validation_error", '
        '"message": "Trường “page” (tham số truy vấn) phải là số nguyên."}'
    )


def test_validation_message_lists_every_field():
    errors = [
        {"loc": ("body", "payload", "purpose"), "type": "missing"},
        {"loc": ("body", "payload", "consent"), "type": "something_new"},
    ]
    assert describe_validation_error(errors) == (
        "Trường “purpose” (nội dung) bắt buộc phải có. Trường “consent” (nội dung) không hợp lệ."
    )


def test_refused_change_gets_400_naming_each_field():
    request = RequestFactory().post("/api/v1/x")
    refusal = DomainError("Ngày sinh: ở tương lai", errors={"birth_date": "ở tương lai."})
    response = api.on_exception(request, refusal)
    assert response.status_code == 400
    assert response.content.decode() == (
        '{"code": "refused", "message": "Trường “birth_date”: ở tương lai."}'
    )
