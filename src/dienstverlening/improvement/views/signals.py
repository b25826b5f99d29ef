"""The signal pages: pass one on, "Mijn signalen", a team's list, one signal with its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienstverlening.core.forms import add_errors

from .. import access, selectors, services
from ..forms import SignalAnswerForm, SignalForm, SignalPassOnForm, TeamSignalFilterForm
from ..models import Signal

PAGE_SIZE = 50


def _mail_warning(request: HttpRequest, signal: Signal) -> None:
    if signal.mail_failed:
        messages.warning(
            request,
            _("Opgeslagen, maar de mail kon niet worden verstuurd. Het staat wel in de lijst."),
        )


@login_required
def signal_index(request: HttpRequest) -> HttpResponse:
    """ "Mijn signalen": what I passed on and the answers; the teams whose signals I handle."""
    access.access_signal_submit(request.user)
    teams = selectors.open_signal_counts(access.signal_teams(request.user))
    return render(
        request,
        "improvement/signals/index.html",
        {"signals": list(selectors.signals_sent_by(request.user)), "teams": teams},
    )


def _chosen(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def signal_new(request: HttpRequest) -> HttpResponse:
    """Pass on a signal. The service is chosen with the "Wie doet wat" search: the search button
    sends the whole form back (nothing typed is lost, also without JavaScript); with htmx only
    the choice of services is replaced while typing."""
    access.access_signal_submit(request.user)
    data = request.POST if request.method == "POST" else request.GET
    query = (data.get("q") or "").strip()[:100]
    chosen = _chosen(data.get("service") or data.get("dienst"))
    services_found = selectors.signal_service_choices(query, chosen_id=chosen)
    if request.method == "GET":
        form = SignalForm(
            initial={"q": query, "service": chosen}, services=services_found, query=query
        )
        if request.htmx:  # type: ignore[attr-defined]  # django-htmx's middleware
            return render(request, "improvement/signals/_service_choices.html", {"form": form})
    elif "zoeken" in request.POST:
        # Searching again: show what was typed, no errors yet.
        form = SignalForm(initial=request.POST.dict(), services=services_found, query=query)
    else:
        form = SignalForm(request.POST, services=services_found, query=query)
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                signal = services.signal_submit(
                    sender=request.user,
                    service_id=cleaned["service"],
                    municipality_id=cleaned["municipality"],
                    channel_id=cleaned["channel"],
                    origin=cleaned["origin"],
                    description=cleaned["description"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Bedankt. Uw signaal %(reference)s is doorgegeven aan team %(team)s.")
                    % {"reference": signal.reference, "team": signal.team.name},
                )
                _mail_warning(request, signal)
                return redirect(signal)
    return render(request, "improvement/signals/new.html", {"form": form})


def _detail(request: HttpRequest, signal: Signal, *, status: int = 200, **forms) -> HttpResponse:
    handles = access.can_handle_signal(request.user, signal)
    context = {
        "signal": signal,
        "history": list(selectors.signal_history(signal)),
        "handles": handles,
    }
    if handles and signal.is_open:
        context["answer_form"] = forms.get("answer_form") or SignalAnswerForm()
        context["pass_form"] = forms.get("pass_form") or SignalPassOnForm(current_team=signal.team)
    return render(request, "improvement/signals/detail.html", context, status=status)


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.access_signal(request.user, pk))


def _refused(request: HttpRequest, signal: Signal, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect(signal)


@login_required
@require_POST
def signal_take(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.access_signal_for_handling(request.user, pk)
    try:
        services.signal_take(signal=signal, by=request.user)
    except ValidationError as error:
        return _refused(request, signal, error)
    messages.success(request, _("U heeft het signaal in behandeling genomen."))
    return redirect(signal)


@login_required
@require_POST
def signal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.access_signal_for_handling(request.user, pk)
    form = SignalAnswerForm(request.POST)
    if form.is_valid():
        try:
            signal = services.signal_answer(
                signal=signal, by=request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, signal, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Het signaal is afgehandeld en het antwoord is gemaild."))
            _mail_warning(request, signal)
            return redirect(signal)
    return _detail(request, signal, status=400, answer_form=form)


@login_required
@require_POST
def signal_pass_on(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.access_signal_for_handling(request.user, pk)
    form = SignalPassOnForm(request.POST, current_team=signal.team)
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            signal = services.signal_pass_on(
                signal=signal, by=request.user, team=team, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, signal, error)
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Het signaal is doorgestuurd naar team %(team)s.") % {"team": team.name},
            )
            _mail_warning(request, signal)
            if access.can_read_signal(request.user, signal):
                return redirect(signal)
            return redirect("improvement-signals")
    return _detail(request, signal, status=400, pass_form=form)


@login_required
@require_POST
def signal_start_track(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.access_signal_for_handling(request.user, pk)
    try:
        track = services.signal_start_track(signal=signal, by=request.user)
    except ValidationError as error:
        return _refused(request, signal, error)
    messages.success(request, _("Er is een verbetertraject gestart voor dit signaal."))
    return redirect(track)


@login_required
def team_signals(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's signals, open ones first (oldest on top): for its manager and the coördinator."""
    team = access.access_team_signals(request.user, slug)
    form = TeamSignalFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    page = Paginator(selectors.signals_of_team(team, status=status or "open"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "improvement/signals/team.html",
        {
            "team": team,
            "form": form,
            "page": page,
            "query": urlencode({"status": status or "open"}),
        },
    )
