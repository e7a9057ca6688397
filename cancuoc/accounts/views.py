from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.forms import LoginForm
from cancuoc.accounts.models import User

AUDIT_ROLES = {User.Role.AUDITOR, User.Role.ADMIN}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def audit_list(request):
    """The audit trail, newest first; auditors see everything, others nothing."""
    if request.user.role not in AUDIT_ROLES:
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor_user").order_by("-seq")
    if action := request.GET.get("action", "").strip():
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_list.html", {"page": page, "action": action})
