"""Agency lists: the templates to download, the lists received, and one list's entries."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cancuoc.accounts.models import READER_ROLES
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.agency_lists.access import access_agency_list
from cancuoc.registry.agency_lists.kinds import KINDS
from cancuoc.registry.agency_lists.queries import entries_of, lists_in_scope, summary_of
from cancuoc.registry.agency_lists.workbook import template_workbook
from cancuoc.registry.exports.writers import XLSX
from cancuoc.rules.ages import age_on

ENTRIES_PER_PAGE = 200
SHOW_LABELS = (
    ("", "Tất cả"),
    ("needs_card", "Chưa có thẻ còn hạn"),
    ("has_card", "Đã có thẻ"),
    ("not_found", "Không tìm thấy trong CSDL"),
    ("problem", "Dòng bị từ chối khi nhập"),
)


@login_required
def template_list(request):
    """The three templates (any signed-in user: agency staff fill them) and, for roles that
    read the register, the lists received in their area."""
    lists = None
    if request.user.role in READER_ROLES:
        lists = lists_in_scope(scope_of_user(request.user))[:50]
    context = {"kinds": KINDS.values(), "lists": lists}
    return render(request, "agency_lists/template_list.html", context)


@login_required
def template_download(request, kind: str):
    """An empty template as .xlsx (no personal data in it)."""
    if kind not in KINDS:
        raise Http404
    buffer = io.BytesIO()
    template_workbook(KINDS[kind]).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{KINDS[kind].filename}"'
    return response


@login_required
def list_detail(request, list_id):
    """A received list, row by row: who is in the register, who still needs a card."""
    agency_list = access_agency_list(request.user, list_id)
    today, show = timezone.localdate(), request.GET.get("show", "")
    page = Paginator(entries_of(agency_list, on=today, show=show), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    min_age = agency_list.list_kind.min_age
    rows = [(e, _too_young(e, min_age, today)) for e in page]
    context = {
        "agency_list": agency_list, "summary": summary_of(agency_list, on=today),
        "rows": rows, "page": page, "show": show, "show_labels": SHOW_LABELS,
    }  # fmt: skip
    return render(request, "agency_lists/list_detail.html", context)


def _too_young(entry, min_age: int, today) -> bool:
    person = entry.person
    return bool(min_age and person and age_on(person.birth_date, today) < min_age)
