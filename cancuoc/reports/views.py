from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cancuoc.accounts.scope import scope_of_user
from cancuoc.reports.queries import dashboard


@login_required
def home(request):
    """The home dashboard: the register of the user's area in numbers (no personal data)."""
    scope = scope_of_user(request.user)
    board = dashboard(scope, timezone.localdate())
    charts = {
        "units": [r["name"] for r in board.by_unit],
        "alive": [r["alive"] for r in board.by_unit],
        "dead": [r["dead"] for r in board.by_unit],
        "bands": [r["band"] for r in board.card_by_band],
        "holders": [r["holders"] for r in board.card_by_band],
        "without": [r["people"] - r["holders"] for r in board.card_by_band],
    }
    return render(
        request, "reports/home.html", {"board": board, "charts": charts, "area": request.user.area}
    )
