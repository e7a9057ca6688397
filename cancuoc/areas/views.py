"""Pages of administrative units: browse and search (everyone), add and retire (PC06, admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cancuoc.accounts.actor import Actor
from cancuoc.areas import queries
from cancuoc.areas.access import (
    access_unit,
    access_unit_for_change,
    can_manage_units,
    may_add_under,
    may_change,
    require_unit_manager,
)
from cancuoc.areas.errors import AreasError
from cancuoc.areas.forms import UnitAddForm, UnitFilterForm, UnitRetireForm
from cancuoc.areas.models import Unit
from cancuoc.areas.services import add_unit, child_level, retire_unit
from cancuoc.rules.dates import format_date_vi

PAGE_SIZE = 50


@login_required
@require_GET
def unit_list(request):
    """All units, searchable by name without diacritics or by code, filtered by structure."""
    scheme = request.GET.get("scheme") or Unit.Scheme.V2025
    provinces = queries.provinces(scheme=None if scheme == "all" else scheme)
    form = UnitFilterForm(request.GET, provinces)
    filters = form.filters()
    province_id = filters.pop("province_id")
    province = next((p for p in provinces if p.pk == province_id), None)
    units = queries.unit_list(**filters, province=province)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    context["can_add"] = can_manage_units(request.user)
    return render(request, "areas/unit_list.html", context)


@login_required
@require_GET
def unit_detail(request, pk):
    """One unit: its place, validity, children and the old→new crosswalk both ways."""
    unit = access_unit(pk)
    context = {
        "unit": unit,
        "children": queries.children_of(unit),
        "successors": queries.successors_of(unit),
        "predecessors": queries.predecessors_of(unit),
        "can_retire": unit.valid_to is None and may_change(request.user, unit),
        "child_level": child_level(unit),
    }
    context["can_add_child"] = (
        context["child_level"] and unit.valid_to is None and may_add_under(request.user, unit)
    )
    return render(request, "areas/unit_detail.html", context)


@login_required
def unit_add(request):
    """Add a unit that takes effect on a date (PC06 in their province, admins anywhere)."""
    require_unit_manager(request.user)
    form = UnitAddForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        if not may_add_under(request.user, form.cleaned_data["parent"]):
            form.add_error(None, "Bạn chỉ được thêm đơn vị cấp xã thuộc tỉnh mình quản lý.")
        else:
            try:
                unit = add_unit(**form.service_arguments(), actor=Actor.for_user(request.user))
            except AreasError as exc:
                form.add_error(None, exc.message)
            else:
                start = format_date_vi(unit.valid_from)
                messages.success(request, f"Đã thêm {unit.full_name}, có hiệu lực từ {start}.")
                return redirect("areas:unit-detail", pk=unit.pk)
    return render(request, "areas/unit_add.html", {"form": form})


@login_required
def unit_retire(request, pk):
    """End a unit's validity on a date, optionally naming its successor."""
    unit = access_unit_for_change(request.user, pk)
    form = UnitRetireForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            retire_unit(
                unit,
                valid_to=data["valid_to"],
                successor=data["successor"],
                is_partial=data["is_partial"],
                actor=Actor.for_user(request.user),
            )
        except AreasError as exc:
            form.add_error(None, exc.message)
        else:
            last_day = format_date_vi(data["valid_to"])
            messages.success(request, f"{unit.full_name} hết hiệu lực sau ngày {last_day}.")
            return redirect("areas:unit-detail", pk=unit.pk)
    return render(request, "areas/unit_retire.html", {"form": form, "unit": unit})


@login_required
@require_GET
def unit_search(request):
    """JSON for unit pickers in other forms: up to 20 units matching `q` (current by default)."""
    form = UnitFilterForm(request.GET, [])
    filters = form.filters()
    scheme, level = filters["scheme"] or None, filters["level"] or None
    units = queries.find_units(filters["text"], scheme=scheme, level=level)
    results = [{"id": u.pk, "code": u.code, "label": queries.describe(u)} for u in units]
    return JsonResponse({"results": results})
