"""Pages of the population events: birth, death, moves, temporary residence, absence, and
the per-person hub of workflow records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.access import access_person
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Household
from cancuoc.registry.queries import communes_in_scope, people_in_scope
from cancuoc.registry.workflows import events, queries, residence_events
from cancuoc.registry.workflows.access import (
    access_absence,
    access_temporary_residence,
    person_for_registration,
)
from cancuoc.registry.workflows.common import today
from cancuoc.registry.workflows.forms import (
    AbsenceForm,
    BirthForm,
    DeathForm,
    DeleteTemporaryForm,
    ExtendForm,
    MoveForm,
    ReturnForm,
    TemporaryForm,
)

PAGE_SIZE = 50
NOT_IDENTIFIED = (
    "Không tìm thấy công dân có số định danh, họ tên và ngày sinh như đã nhập. "
    "Kiểm tra lại thẻ căn cước của công dân."
)


def _actor(request) -> Actor:
    return Actor.for_user(request.user)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _form_page(request, form, *, title: str, person=None, intro: str = "", back: str = ""):
    context = {"form": form, "title": title, "person": person, "intro": intro, "back": back}
    return render(request, "registry/workflows/form.html", context)


def _parent(scope, number: str, label: str, form):
    if not number:
        return None
    parent = people_in_scope(scope).filter(personal_id=number.strip()).first()
    if parent is None:
        form.add_error(f"{label}_id", "Không có công dân với số định danh này trong địa bàn.")
    return parent


@login_required
@require_http_methods(["GET", "POST"])
def birth_create(request):
    """Khai sinh: the child joins a parent's household with a new ID number."""
    require_writer(request.user)
    form = BirthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope, data = scope_of_user(request.user), form.cleaned_data
        mother = _parent(scope, data["mother_id"], "mother", form)
        father = _parent(scope, data["father_id"], "father", form)
        if not form.errors:
            birth = events.Birth(full_name=data["full_name"], birth_date=data["birth_date"],
                                 sex=data["sex"], birthplace=data["birthplace"],
                                 ethnicity=data["ethnicity"])  # fmt: skip
            try:
                child = events.register_birth(mother, father=father, birth=birth,
                                              actor=_actor(request))  # fmt: skip
            except RegistryError as exc:
                form.add_domain_errors(exc)
            else:
                messages.success(request, f"Đã khai sinh {child.full_name}, số định danh "
                                          f"{child.personal_id}.")  # fmt: skip
                return redirect("registry:person-detail", child.pk)
    return _form_page(request, form, title="Đăng ký khai sinh, xác lập số định danh",
                      intro="Con được đưa vào hộ của mẹ (nếu không có thì của cha), thường trú "
                            "cùng cha/mẹ (Luật Cư trú 2020 Điều 12).")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def death_create(request, person_id):
    """Khai tử: status, end of residences, lock requests for cards and e-ID."""
    person = access_person(request.user, person_id, write=True)
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            events.record_death(person, death_date=form.cleaned_data["death_date"],
                                document_ref=form.cleaned_data["document_ref"],
                                actor=_actor(request))  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã ghi nhận {person.full_name} đã chết.")
            return redirect("registry:person-detail", person.pk)
    return _form_page(request, form, title="Ghi nhận công dân chết", person=person,
                      back=reverse("registry:person-workflows", args=[person.pk]))  # fmt: skip


def _identified(request, form):
    data = form.cleaned_data
    person = person_for_registration(request.user, personal_id=data["personal_id"],
                                     full_name=data["full_name"],
                                     birth_date=data["birth_date"])  # fmt: skip
    if person is None:
        form.add_error(None, NOT_IDENTIFIED)
    return person


def _household(form, unit):
    code = "".join((form.cleaned_data.get("household_code") or "").split()).upper()
    if not code:
        return None
    household = Household.objects.filter(code=code, unit=unit).first()
    if household is None:
        form.add_error("household_code", f"Không có hộ số {code} tại {unit.full_name}.")
    return household


@login_required
@require_http_methods(["GET", "POST"])
def move_create(request):
    """Đăng ký thường trú (chuyển đến), made at the new commune."""
    require_writer(request.user)
    communes = list(communes_in_scope(scope_of_user(request.user)))
    form = MoveForm(request.POST or None, communes=communes, initial={"moved_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in communes if u.code == data["unit"])
        person, household = _identified(request, form), _household(form, unit)
        if not form.errors:
            try:
                events.move_permanent_residence(
                    person, to_unit=unit, address=data["address"], moved_on=data["moved_on"],
                    household=household, relation=data["relation"], actor=_actor(request),
                )  # fmt: skip
            except RegistryError as exc:
                form.add_domain_errors(exc)
            else:
                messages.success(request, f"Đã đăng ký thường trú cho {person.full_name}.")
                return redirect("registry:moves-in")
    return _form_page(request, form, title="Đăng ký thường trú (chuyển đến)",
                      intro="Nhập số định danh, họ tên và ngày sinh theo thẻ căn cước của công "
                            "dân; hồ sơ được chuyển về xã/phường nơi đến quản lý.")  # fmt: skip


@login_required
def moves_list(request, direction):
    """People who moved out of ("di") or into ("den") the communes of the user's area."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    moves = queries.moves_out(scope) if direction == "di" else queries.moves_in(scope)
    context = {"page": _page(request, moves), "direction": direction}
    return render(request, "registry/workflows/move_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def temporary_create(request):
    """Đăng ký tạm trú at a commune of the user's area (Luật Cư trú 2020 Điều 27)."""
    require_writer(request.user)
    communes = list(communes_in_scope(scope_of_user(request.user)))
    form = TemporaryForm(request.POST or None, communes=communes, initial={"started_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in communes if u.code == data["unit"])
        person = _identified(request, form)
        if person is not None:
            try:
                residence_events.register_temporary_residence(
                    person, unit=unit, address=data["address"], started_on=data["started_on"],
                    expires_on=data["expires_on"], actor=_actor(request),
                )  # fmt: skip
            except RegistryError as exc:
                form.add_domain_errors(exc)
            else:
                messages.success(request, f"Đã đăng ký tạm trú cho {person.full_name}.")
                return redirect("registry:temp-list")
    return _form_page(request, form, title="Đăng ký tạm trú",
                      intro="Thời hạn tạm trú tối đa 02 năm, được gia hạn nhiều lần "
                            "(Luật Cư trú 2020 Điều 27).")  # fmt: skip


@login_required
def temporary_list(request):
    """Active temporary residences of the area, soonest expiry first."""
    require_reader(request.user)
    stays = queries.temporary_residences(scope_of_user(request.user))
    context = {"page": _page(request, stays), "on": today(),
               "soon": queries.extension_window_start(today())}  # fmt: skip
    return render(request, "registry/workflows/temporary_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def temporary_extend(request, residence_id):
    residence = access_temporary_residence(request.user, residence_id)
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            residence_events.extend_temporary_residence(
                residence, new_expires_on=form.cleaned_data["new_expires_on"], actor=_actor(request)
            )
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, "Đã gia hạn tạm trú.")
            return redirect("registry:temp-list")
    return _form_page(request, form, title=f"Gia hạn tạm trú: {residence.address}",
                      person=residence.person, back=reverse("registry:temp-list"))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def temporary_delete(request, residence_id):
    residence = access_temporary_residence(request.user, residence_id)
    form = DeleteTemporaryForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            residence_events.delete_temporary_residence(
                residence, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                actor=_actor(request),
            )  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, "Đã xóa đăng ký tạm trú.")
            return redirect("registry:temp-list")
    return _form_page(request, form, title=f"Xóa đăng ký tạm trú: {residence.address}",
                      person=residence.person, back=reverse("registry:temp-list"))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def absence_create(request, person_id):
    """Khai báo tạm vắng (Luật Cư trú 2020 Điều 31)."""
    person = access_person(request.user, person_id, write=True)
    form = AbsenceForm(request.POST or None, initial={"starts_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            residence_events.declare_absence(person, actor=_actor(request), **form.cleaned_data)
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã ghi nhận khai báo tạm vắng của {person.full_name}.")
            return redirect("registry:absence-list")
    return _form_page(request, form, title="Khai báo tạm vắng", person=person,
                      back=reverse("registry:person-workflows", args=[person.pk]))  # fmt: skip


@login_required
def absence_list(request):
    require_reader(request.user)
    absences = queries.absences_in_scope(scope_of_user(request.user), on=today())
    context = {
        "page": _page(request, absences),
        "form": ReturnForm(initial={"returned_on": today()}),
    }
    return render(request, "registry/workflows/absence_list.html", context)


@login_required
@require_POST
def absence_return(request, absence_id):
    absence = access_absence(request.user, absence_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            residence_events.end_absence(absence, returned_on=form.cleaned_data["returned_on"],
                                         actor=_actor(request))  # fmt: skip
        except RegistryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã ghi nhận {absence.person.full_name} trở về.")
    else:
        messages.error(request, "Ngày trở về không hợp lệ (dd/mm/yyyy).")
    return redirect("registry:absence-list")


@login_required
def person_workflows(request, person_id):
    """Every workflow record of one person, and the actions open on them."""
    person = access_person(request.user, person_id)
    context = {"person": person, "can_write": request.user.can_write_register,
               **queries.person_workflow_records(person)}  # fmt: skip
    return render(request, "registry/workflows/person_workflows.html", context)
