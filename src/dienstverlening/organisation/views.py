from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import DirectorySearchForm
from .selectors import directory_search, domains_with_teams


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """'Wie doet wat': one search box over services, core tasks, keywords and teams."""
    form = DirectorySearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query, "hits": directory_search(query) if query else []}
    template = "organisation/_results.html" if request.htmx else "organisation/directory.html"
    return render(request, template, context)


def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisation/team_list.html", {"domains": domains_with_teams()})
