"""Vietnamese error pages (JSON under /api/)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render


def _respond(request, status: int, code: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message}, status=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def not_found(request, exception=None):
    return _respond(request, 404, "not_found", "Không tìm thấy trang hoặc hồ sơ này.")


def forbidden(request, exception=None):
    return _respond(request, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này.")


def server_error(request):
    return _respond(request, 500, "server_error", "Hệ thống gặp lỗi. Vui lòng thử lại sau.")
