"""Template context shared by every page: the navigation, by what the user's role may do.

It lives with the roles it reads (accounts), not in `cancuoc.lib`, which imports no app."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from cancuoc.accounts.models import READER_ROLES, User

# (label, url name, roles allowed or None for every signed-in user)
NAVIGATION = [
    ("Tổng quan", "reports:home", None),
    ("Dân cư", "registry:person-list", "reader"),
    ("Nghiệp vụ", "registry:workflows-home", "reader"),
    ("Nhập danh sách", "registry:import-upload", "reader"),
    ("Mẫu danh sách", "registry:agency-list-templates", None),
    ("Đơn vị hành chính", "areas:unit-list", None),
    ("Nhật ký", "accounts:audit-list", "audit"),
]


def _allowed(user, who: str | None) -> bool:
    if who is None:
        return True
    if who == "reader":
        return user.role in READER_ROLES
    return user.role in (User.Role.AUDITOR, User.Role.ADMIN, User.Role.PROVINCIAL_OFFICER)


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, who in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if _allowed(user, who):
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    if items and items[0]["url"] == "/":
        items[0]["active"] = request.path == "/"
    return {"nav_items": items}
