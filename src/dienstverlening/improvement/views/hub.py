"""The "Verbeteren" page: the cycle's pages this person may open, in the cycle's order."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dienstverlening.core.navigation import may_see

from ..navigation import PAGES, SIGNALS


@login_required
def improvement_hub(request: HttpRequest) -> HttpResponse:
    pages = [
        item
        for item in [PAGES[0], PAGES[1], SIGNALS, *PAGES[2:]]
        if may_see(request.user, item.audience)
    ]
    return render(request, "improvement/hub.html", {"pages": pages})
