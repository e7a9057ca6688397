"""The people a user's list shows for a query string: shared by the download and the export job."""

from __future__ import annotations

from collections.abc import Mapping

from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry import queries
from cancuoc.registry.exports.rows import Selection, select_people
from cancuoc.registry.forms import PersonFilterForm


def filter_form(user, params: Mapping[str, str]) -> PersonFilterForm:
    """The list page's filter form bound to `params`, with the communes of the user's area."""
    return PersonFilterForm(params or None, communes=queries.communes_in_scope(scope_of_user(user)))


def filtered_selection(
    user, params: Mapping[str, str]
) -> tuple[Selection | None, PersonFilterForm]:
    """(the selection, the bound filter form) for the list page's `params` within the user's
    area as it is now; the selection is None when the filters do not validate (form.errors)."""
    form = filter_form(user, params)
    if params and not form.is_valid():
        return None, form
    selection = select_people(
        scope_of_user(user), text=form.text(), filters=form.filters(),
        residing=form.wants_residents(),
    )  # fmt: skip
    return selection, form


def list_params(params: Mapping[str, str]) -> dict[str, str]:
    """The filters of a list query string, without the page number and empty values."""
    return {k: v for k, v in params.items() if k != "page" and v}


def describe_filters(user, params: Mapping[str, str]) -> list[str]:
    """The filters in words, as the list page shows them ("Giới tính: Nữ")."""
    form = filter_form(user, params)
    described = []
    for name, value in params.items():
        if name not in form.fields:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()) or ())
        described.append(f"{field.label}: {choices.get(value, value)}")
    return described
