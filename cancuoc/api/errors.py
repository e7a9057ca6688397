"""JSON errors for the API: every error body is {"code": ..., "message": ...} in Vietnamese."""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cancuoc.lib.domain import DomainError

logger = logging.getLogger("cancuoc.api")

MESSAGES = {
    "unauthenticated": "Chưa xác thực: hãy đăng nhập, hoặc gửi khóa API trong tiêu đề X-API-Key.",
    "forbidden": "Bạn không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy địa chỉ hoặc hồ sơ này.",
    "method_not_allowed": "Phương thức {method} không được hỗ trợ tại địa chỉ này.",
    "server_error": "Hệ thống gặp lỗi. Vui lòng thử lại sau.",
}

# Vietnamese wording for the pydantic error types a client can trigger.
_PYDANTIC_MESSAGES = {
    "missing": "bắt buộc phải có",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "quá ngắn",
    "string_too_long": "quá dài",
    "date_parsing": "phải là ngày hợp lệ (yyyy-mm-dd)",
    "date_from_datetime_parsing": "phải là ngày hợp lệ (yyyy-mm-dd)",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "enum": "không thuộc các giá trị cho phép",
    "literal_error": "không thuộc các giá trị cho phép",
}
_SOURCES = {
    "path": "đường dẫn",
    "query": "tham số truy vấn",
    "body": "nội dung",
    "header": "tiêu đề",
}


class ApiError(Exception):
    """An error answered as JSON with its HTTP status, code and Vietnamese message."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    response = JsonResponse(
        {"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def describe_validation_error(errors: list[dict]) -> str:
    """One sentence per invalid field, naming the field and where it came from."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        source = _SOURCES.get(loc[0], loc[0]) if loc else ""
        field = ".".join(p for p in loc[1:] if p not in ("payload",)) or source or "dữ liệu"
        reason = _PYDANTIC_MESSAGES.get(error.get("type", ""), "không hợp lệ")
        parts.append(f"Trường “{field}” ({source}) {reason}.")
    return " ".join(parts) or "Dữ liệu gửi lên không hợp lệ."


def _on_api_error(request, exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.headers)


def _on_authentication_error(request, exc: AuthenticationError):
    return error_response(401, "unauthenticated", MESSAGES["unauthenticated"])


def _on_http_error(request, exc: HttpError):
    codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "quota_exceeded"}
    code = codes.get(exc.status_code, "bad_request")
    return error_response(exc.status_code, code, MESSAGES.get(code, "Yêu cầu không hợp lệ."))


def _on_validation_error(request, exc: ValidationError):
    return error_response(422, "validation_error", describe_validation_error(exc.errors))


def describe_domain_error(exc: DomainError) -> str:
    """The refusal, naming each faulty field by its API name when the service gave them."""
    if not exc.errors:
        return exc.message
    return " ".join(
        f"Trường “{field}”: {reason.rstrip('.')}." for field, reason in exc.errors.items()
    )


def _on_domain_error(request, exc: DomainError):
    return error_response(400, "refused", describe_domain_error(exc))


def _on_not_found(request, exc: Http404):
    return error_response(404, "not_found", MESSAGES["not_found"])


def _on_permission_denied(request, exc: PermissionDenied):
    return error_response(403, "forbidden", MESSAGES["forbidden"])


def _on_unhandled(request, exc: Exception):
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return error_response(500, "server_error", MESSAGES["server_error"])


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace Ninja's default handlers (which answer {"detail": ...} or an HTML 500)."""
    api.add_exception_handler(Exception, _on_unhandled)
    api.add_exception_handler(ApiError, _on_api_error)
    api.add_exception_handler(HttpError, _on_http_error)
    api.add_exception_handler(AuthenticationError, _on_authentication_error)
    api.add_exception_handler(ValidationError, _on_validation_error)
    api.add_exception_handler(DomainError, _on_domain_error)
    api.add_exception_handler(Http404, _on_not_found)
    api.add_exception_handler(PermissionDenied, _on_permission_denied)


def json_method_not_allowed(view):
    """Wrap a Ninja path view so its plain-text 405 becomes a JSON error."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            message = MESSAGES["method_not_allowed"].format(method=request.method)
            return error_response(405, "method_not_allowed", message, {"Allow": response["Allow"]})
        return response

    return wrapper
