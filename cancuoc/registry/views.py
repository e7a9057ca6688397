"""Register pages: search and list, a person's full record, create and edit, a household."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry import queries, services
from cancuoc.registry.access import access_household, access_person
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.forms import PersonFilterForm, PersonForm, initial_of
from cancuoc.registry.validation import PersonInput


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def person_list(request):
    """Search box, filters and one page of people in the user's area."""
    require_reader(request.user)
    scope = scope_of_user(request.user)
    communes = list(queries.communes_in_scope(scope))
    form = PersonFilterForm(request.GET or None, communes=communes)
    page = queries.list_people(
        scope, text=form.text(), filters=form.filters(), residing=form.wants_residents(),
        page=_page_number(request),
    )  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "text": form.text()}
    return render(request, "registry/person_list.html", context)


@login_required
def person_detail(request, person_id):
    """Every item of the record, its family, documents and history; the read is audited."""
    person = access_person(request.user, person_id)
    services.record_person_view(person, actor=Actor.for_user(request.user))
    context = {"person": person, **queries.person_page_related(person)}
    context["can_write"] = request.user.can_write_register
    return render(request, "registry/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    """A new person, validated by create_person; errors come back next to their fields."""
    require_writer(request.user)
    communes = queries.communes_in_scope(scope_of_user(request.user))
    form = PersonForm(request.POST or None, communes=communes, initial={"nationality": "VN"})
    if request.method == "POST" and form.is_valid():
        try:
            data = PersonInput.from_mapping(form.raw())
            person = services.create_person(data=data, actor=Actor.for_user(request.user))
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, f"Đã thêm công dân {person.full_name}.")
            return redirect("registry:person-detail", person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    """Edit a record; the hidden version makes a concurrent save fail instead of overwrite."""
    person = access_person(request.user, person_id, write=True)
    communes = [*queries.communes_in_scope(scope_of_user(request.user)), person.unit]
    form = PersonForm(request.POST or None, communes=communes, initial=initial_of(person))
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.update_person(
                person, changes=form.raw(form.changed_data), expected_version=version,
                actor=Actor.for_user(request.user),
            )  # fmt: skip
        except RegistryError as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("registry:person-detail", person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
def household_detail(request, household_id):
    """A household: address, head and members with their relation to the head."""
    household = access_household(request.user, household_id)
    members = queries.household_members(household)
    return render(
        request, "registry/household_detail.html", {"household": household, "members": members}
    )
