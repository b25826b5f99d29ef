"""Improvement tracks: the list, opening one, the track page with its actions, evaluation and
closing, and the good examples."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.forms import add_errors, form_saved

from .. import services
from ..access import (
    access_action_for_update,
    access_track,
    access_track_for_edit,
    access_track_open,
    can_edit_track,
    can_open_track,
    can_update_action,
)
from ..forms.tracks import ActionForm, ActionStatusForm, CloseForm, EvaluateForm, TrackOpenForm
from ..models import ActionStatus, Track
from ..selectors.journeys import journey_map
from ..selectors.tracks import after_period_choices, good_examples, kpi_compare, tracks_for
from .common import action_status_save


@login_required
def track_list(request: HttpRequest) -> HttpResponse:
    lists = tracks_for(request.user)
    return render(
        request,
        "improvement/tracks/list.html",
        {
            "running": list(lists["running"]),
            "closed": list(lists["closed"]),
            "can_open": can_open_track(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def track_create(request: HttpRequest) -> HttpResponse:
    teams = access_track_open(request.user)
    initial = {}
    if request.GET.get("team"):
        initial["team"] = teams.filter(slug=request.GET["team"]).first()
    form = TrackOpenForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            track = services.track_open(**form.cleaned_data, opened_by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Het traject is geopend. De cijfers van %(period)s staan vast als meting vooraf.")
                % {"period": track.snapshot["period"]["name"]},
            )
            return redirect(track)
    return render(
        request,
        "improvement/tracks/open.html",
        {"form": form, "page_title": _("Verbetertraject openen"), "back_url": _list_url()},
    )


def _list_url() -> str:
    return reverse("improvement-tracks")


def _detail(request: HttpRequest, track: Track, status: int = 200, **forms) -> HttpResponse:
    """The track page, with the forms given (bound, with their errors) or fresh ones."""
    today = timezone.localdate()
    editable = can_edit_track(request.user, track)
    actions = list(track.actions.select_related("team").order_by("due", "pk"))
    for action in actions:
        action.may_update = editable or can_update_action(request.user, action)
        action.overdue = action.status != ActionStatus.DONE and action.due < today
        action.status_form = ActionStatusForm(
            initial={"status": action.status}, prefix=f"actie-{action.pk}"
        )
    choices = after_period_choices(track, today=today) if editable else []
    compared = kpi_compare(track.snapshot, track.evaluation or None)
    context = {
        "track": track,
        "services": list(track.services.all()),
        "actions": actions,
        "open_actions": sum(1 for a in actions if a.status != ActionStatus.DONE),
        "can_edit": editable and not track.is_closed,
        "scopes": compared,
        "evaluated": bool(track.evaluation),
        "journey": journey_map(track),
        "action_form": forms.get("action_form")
        or ActionForm(prefix="actie", initial={"team": track.team}),
        "evaluate_form": forms.get("evaluate_form")
        or EvaluateForm(prefix="meting", choices=choices),
        "period_choices": choices,
        "close_form": forms.get("close_form") or CloseForm(prefix="afronden"),
    }
    return render(request, "improvement/tracks/detail.html", context, status=status)


@login_required
def track_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access_track(request.user, pk))


@login_required
@require_POST
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = ActionForm(request.POST, prefix="actie")
    if form_saved(
        request,
        form,
        lambda: services.action_create(track=track, **form.cleaned_data),
        done=_("De actie is toegevoegd."),
    ):
        return redirect(f"{track.get_absolute_url()}#acties")
    return _detail(request, track, status=400, action_form=form)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = access_action_for_update(request.user, pk)
    form = ActionStatusForm(request.POST, prefix=f"actie-{action.pk}")
    back = request.POST.get("terug") or ""
    action_status_save(request, action, form, done=_("‘%(action)s’ staat nu op ‘%(status)s’."))
    if back == "team":
        return redirect(action.team.get_absolute_url())
    if action.track is not None:
        return redirect(f"{action.track.get_absolute_url()}#acties")
    return redirect(action.team.get_absolute_url())


@login_required
@require_POST
def track_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    choices = after_period_choices(track, today=timezone.localdate())
    form = EvaluateForm(request.POST, prefix="meting", choices=choices)
    if form_saved(
        request,
        form,
        lambda: services.track_evaluate(track=track, period_code=form.cleaned_data["period"]),
        # The period's name as the evaluation stored it.
        done=lambda: (
            _("De cijfers van %(period)s zijn vergeleken met de meting vooraf.")
            % {"period": track.evaluation["period"]["name"]}
        ),
    ):
        return redirect(f"{track.get_absolute_url()}#effect")
    return _detail(request, track, status=400, evaluate_form=form)


@login_required
@require_POST
def track_close(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = CloseForm(request.POST, prefix="afronden")
    if form_saved(
        request,
        form,
        lambda: services.track_close(
            track=track, lessons=form.cleaned_data["lessons"], closed_by=request.user
        ),
        done=_("Het traject is afgerond. Iedere collega kan nu lezen wat u leerde."),
    ):
        return redirect(track)
    return _detail(request, track, status=400, close_form=form)


@login_required
def good_example_list(request: HttpRequest) -> HttpResponse:
    tracks = list(good_examples())
    for track in tracks:
        better = [
            (scope.label, row)
            for scope in kpi_compare(track.snapshot, track.evaluation)
            for row in scope.improvements
        ]
        # The core values, the mark and the on-time shares; a statement only when nothing else.
        track.improvements = [item for item in better if item[1].kind != "statement"] or better
    return render(request, "improvement/tracks/good_examples.html", {"tracks": tracks})
