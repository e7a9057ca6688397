"""Pages of the DC01 / DC02 workflows, the ID-number cases and the workflow hubs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cancuoc.accounts import audit
from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.access import access_person
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.queries import communes_in_scope
from cancuoc.registry.workflows import collection as dc01
from cancuoc.registry.workflows import corrections as dc02
from cancuoc.registry.workflows import exports, queries
from cancuoc.registry.workflows.access import (
    access_collection,
    access_correction,
    require_reviewer_role,
)
from cancuoc.registry.workflows.common import REVIEWER_ROLES, display_value, today
from cancuoc.registry.workflows.forms import (
    CollectionForm,
    CorrectionForm,
    ReestablishForm,
    ReviewForm,
    VerifyForm,
)
from cancuoc.registry.workflows.idnumbers import reestablish_id_number
from cancuoc.registry.workflows.models import Collection, CorrectionRequest

PAGE_SIZE = 50
# The list of wrong-structure cases shows at most this many pending rows per page load.
PENDING_CASES_SHOWN = 500


def _actor(request) -> Actor:
    return Actor.for_user(request.user)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _commune(communes, code: str):
    return next(u for u in communes if u.code == code)


@login_required
def home(request):
    """The workflows of the register, with what waits for the user."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    context = {
        "pending_dc01": queries.collections_in_scope(scope).filter(status="pending").count(),
        "waiting_dc02": queries.correction_queue(scope).count(),
        "is_reviewer": request.user.role in REVIEWER_ROLES,
    }
    return render(request, "registry/workflows/home.html", context)


# --- DC01 -------------------------------------------------------------------------------


@login_required
def collection_list(request):
    """DC01 forms of the user's area, newest first, filtered by status."""
    require_reader(request.user)
    forms = queries.collections_in_scope(scope_of_user(request.user))
    status = request.GET.get("status", "")
    if status in Collection.Status.values:
        forms = forms.filter(status=status)
    context = {"page": _page(request, forms), "status": status,
               "statuses": Collection.Status.choices}  # fmt: skip
    return render(request, "registry/workflows/collection_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request):
    """A DC01 form for a new person, or (?person=id) to complete an existing one."""
    require_writer(request.user)
    person_id = request.GET.get("person")
    person = access_person(request.user, person_id, write=True) if person_id else None
    communes = None if person else list(communes_in_scope(scope_of_user(request.user)))
    initial = {"collected_on": today(), "source": Collection.Source.DIRECT}
    form = CollectionForm(request.POST or None, communes=communes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = person.unit if person else _commune(communes, data["unit"])
        try:
            collection = dc01.record_collection(
                person, unit=unit, declared=form.declared(), source=data["source"],
                collected_on=data["collected_on"], form_no=data["form_no"], actor=_actor(request),
            )  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã lưu phiếu DC01 của {collection.person.full_name}.")
            return redirect("registry:dc01-detail", collection.pk)
    return render(request, "registry/workflows/collection_form.html",
                  {"form": form, "person": person})  # fmt: skip


@login_required
def collection_detail(request, collection_id):
    """One DC01 form: the declared items, conflicts with the register, the phúc tra."""
    collection = access_collection(request.user, collection_id)
    labels = _declared_labels()
    declared = [(labels.get(k, k), v) for k, v in collection.declared.items()]
    can_verify = (collection.status == Collection.Status.PENDING
                  and request.user.can_write_register
                  and request.user.pk != collection.collector_id)  # fmt: skip
    context = {"c": collection, "declared": declared, "can_verify": can_verify,
               "form": VerifyForm()}  # fmt: skip
    return render(request, "registry/workflows/collection_detail.html", context)


def _declared_labels() -> dict[str, str]:
    form = CollectionForm(communes=[])
    return {name: str(field.label) for name, field in form.fields.items()}


@login_required
@require_POST
def collection_verify(request, collection_id):
    """Phúc tra: confirm or return the form (a second officer; the service refuses the
    collector)."""
    collection = access_collection(request.user, collection_id, write=True)
    form = VerifyForm(request.POST)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "verified":
                dc01.verify_collection(collection, note=note, actor=_actor(request))
            else:
                dc01.return_collection(collection, note=note, actor=_actor(request))
        except RegistryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã ghi kết quả phúc tra.")
    else:
        messages.error(request, "Chọn kết quả phúc tra.")
    return redirect("registry:dc01-detail", collection.pk)


@login_required
def collection_coverage(request):
    """Per commune: share of living people with a verified DC01 (seed 003: 100%)."""
    require_reader(request.user)
    rows = queries.collection_coverage(scope_of_user(request.user))
    totals = {k: sum(getattr(r, k) for r in rows) for k in ("alive", "collected", "verified")}
    share = round(100 * totals["verified"] / totals["alive"], 1) if totals["alive"] else 0.0
    context = {"rows": rows, "totals": totals, "share": share, "on": today()}
    return render(request, "registry/workflows/collection_coverage.html", context)


# --- DC02 -------------------------------------------------------------------------------


@login_required
def correction_queue(request):
    """DC02 forms of the area: waiting ones first (the head's review queue), or all."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    show = request.GET.get("show", "waiting")
    forms = queries.correction_queue(scope) if show == "waiting" else (
        queries.corrections_in_scope(scope))  # fmt: skip
    context = {"page": _page(request, forms), "show": show,
               "is_reviewer": request.user.role in REVIEWER_ROLES}  # fmt: skip
    return render(request, "registry/workflows/correction_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def correction_create(request, person_id):
    """File a DC02 form for a person; ?field_1=…&value_1=… pre-fills lines (from a DC01
    conflict)."""
    person = access_person(request.user, person_id, write=True)
    form = CorrectionForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            correction = dc02.submit_correction(
                person, changes=form.lines(), document_ref=form.cleaned_data["document_ref"],
                reason=form.cleaned_data["reason"], actor=_actor(request),
            )  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã lập phiếu DC02 số {correction.pk}, chờ duyệt.")
            return redirect("registry:dc02-detail", correction.pk)
    current = [(label, display_value(person, f)) for f, label in dc02.field_choices()]
    return render(request, "registry/workflows/correction_form.html",
                  {"form": form, "person": person, "current": current})  # fmt: skip


@login_required
def correction_detail(request, request_id):
    """A DC02 form with its lines, its review and the actions open to the user."""
    correction = access_correction(request.user, request_id)
    labels = dict(dc02.field_choices())
    items = [(labels.get(i.field, i.field), i) for i in correction.items.order_by("pk")]
    user = request.user
    context = {
        "r": correction, "items": items, "form": ReviewForm(),
        "can_review": correction.status == CorrectionRequest.Status.SUBMITTED
        and user.role in REVIEWER_ROLES and user.pk != correction.submitted_by_id,
        "can_apply": correction.status == CorrectionRequest.Status.APPROVED
        and user.can_write_register,
    }  # fmt: skip
    return render(request, "registry/workflows/correction_detail.html", context)


@login_required
@require_POST
def correction_review(request, request_id):
    """The head approves or rejects (a reason is required to reject)."""
    require_reviewer_role(request.user)
    correction = access_correction(request.user, request_id, write=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn Duyệt hoặc Từ chối.")
        return redirect("registry:dc02-detail", correction.pk)
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        if decision == "approve":
            dc02.approve_correction(correction, note=note, actor=_actor(request))
        else:
            dc02.reject_correction(correction, reason=note, actor=_actor(request))
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "Đã duyệt phiếu." if decision == "approve" else "Đã từ chối phiếu."
        )
    return redirect("registry:dc02-detail", correction.pk)


@login_required
@require_POST
def correction_apply(request, request_id):
    """Write an approved DC02 form into the record (refused if the record changed since)."""
    correction = access_correction(request.user, request_id, write=True)
    try:
        dc02.apply_correction(correction, actor=_actor(request))
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã cập nhật thông tin vào hồ sơ công dân.")
    return redirect("registry:dc02-detail", correction.pk)


# --- ID numbers -------------------------------------------------------------------------


@login_required
def idnumber_list(request):
    """Numbers with a wrong structure still to re-establish, and those already done."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    pending = queries.pending_id_number_cases(scope, limit=PENDING_CASES_SHOWN)
    context = {"pending": pending, "limit": PENDING_CASES_SHOWN,
               "page": _page(request, queries.id_number_changes(scope)),
               "can_write": request.user.can_write_register}  # fmt: skip
    return render(request, "registry/workflows/idnumber_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idnumber_reestablish(request, person_id):
    """Cancel a wrong-structure number and establish a new one, with the explanation."""
    person = access_person(request.user, person_id, write=True)
    problems = queries.id_number_problems(person)
    form = ReestablishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = reestablish_id_number(
                person, reason=form.cleaned_data["reason"], actor=_actor(request),
                place_code=form.cleaned_data["place_code"] or None,
            )  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã xác lập lại số định danh: {change.old_number} → "
                                      f"{change.new_number}.")  # fmt: skip
            return redirect("registry:idnumber-list")
    context = {"form": form, "person": person, "problems": problems}
    return render(request, "registry/workflows/idnumber_form.html", context)


@login_required
def idnumber_export(request):
    """The Excel list sent upward (seed 002: "lập danh sách giải trình cụ thể từng trường
    hợp"); the export of personal data is audited."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    area = request.user.area
    if area is None:
        raise Http404
    workbook = exports.id_number_workbook(scope, area=area, agency=request.user.agency, on=today())
    audit.record(_actor(request), "registry.idnumber_report.exported", ("areas.unit", area.pk),
                 data={"rows": workbook.rows})  # fmt: skip
    return exports.xlsx_response(workbook, f"huy-xac-lap-lai-so-dinh-danh-{today():%Y%m%d}.xlsx")
