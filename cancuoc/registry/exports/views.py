"""Download the people list as .xlsx or CSV: the list page's filters, the user's area."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from cancuoc.accounts.access import require_reader
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry import queries
from cancuoc.registry.exports.rows import more_than, select_people
from cancuoc.registry.exports.services import export_people_csv, export_people_xlsx
from cancuoc.registry.exports.writers import CSV, XLSX
from cancuoc.registry.forms import PersonFilterForm

FORMATS = ("xlsx", "csv")
# An .xlsx is built whole before its download starts (about 5,000 rows a second): past this
# many rows the page would hang for minutes, so the web offers CSV (streamed at once, opens in
# Excel) or a narrower filter; `cancuoc export people` has no limit.
WEB_XLSX_MAX_ROWS = 200_000


def web_xlsx_max_rows() -> int:
    return getattr(settings, "EXPORT_WEB_XLSX_MAX_ROWS", WEB_XLSX_MAX_ROWS)


def criteria_of(request, scope) -> dict:
    """The filters as the user set them (for the audit trail), and the area."""
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    area = request.user.agency.unit.code if request.user.agency_id else ""
    return {**params, "area": area, "national": scope.national}


@login_required
def people_export(request, fmt: str):
    """The whole filtered list (not one page), in the people list's order."""
    require_reader(request.user)
    if fmt not in FORMATS:
        raise Http404
    scope = scope_of_user(request.user)
    form = PersonFilterForm(request.GET or None, communes=queries.communes_in_scope(scope))
    if request.GET and not form.is_valid():
        for field in form:
            for error in field.errors:
                messages.error(request, f"Không xuất được danh sách — {field.label}: {error}")
        return redirect(_list_url(request))
    selection = select_people(
        scope, text=form.text(), filters=form.filters(), residing=form.wants_residents()
    )
    if fmt == "xlsx" and more_than(selection, limit := web_xlsx_max_rows()):
        many = f"{limit:,}".replace(",", ".")  # 200.000, as Vietnamese write it
        messages.error(
            request,
            f"Danh sách có hơn {many} người: tệp Excel lớn như vậy mất nhiều phút mới tạo "
            "xong. Hãy chọn “Xuất CSV” (tải về ngay, mở được bằng Excel) hoặc lọc hẹp hơn, "
            "ví dụ theo xã/phường.",
        )
        return redirect(_list_url(request))
    actor, criteria = Actor.for_user(request.user), criteria_of(request, scope)
    name = f"danh-sach-cong-dan-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            export_people_csv(selection, actor=actor, criteria=criteria), content_type=CSV
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    out = tempfile.TemporaryFile()  # streamed from disk: a province list has a million rows
    export_people_xlsx(selection, out, actor=actor, criteria=criteria)
    out.seek(0)
    return FileResponse(out, as_attachment=True, content_type=XLSX, filename=name)


def _list_url(request) -> str:
    """The people list with the filters the export was asked with."""
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return (
        f"{reverse('registry:person-list')}?{query}" if query else reverse("registry:person-list")
    )
