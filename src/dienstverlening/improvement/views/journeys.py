"""The resident journey of a track (map, chart, forms, PDF) and the method with its toolbox."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.forms import form_page, form_saved

from .. import services
from ..access import (
    access_method_for_edit,
    access_method_step_for_edit,
    access_participant_for_edit,
    access_step_for_edit,
    access_track,
    access_track_for_edit,
    can_edit_method,
    can_edit_track,
)
from ..forms.journeys import (
    ChecklistForm,
    JourneyForm,
    MethodForm,
    MethodStepForm,
    ParticipantForm,
    PhaseForm,
    StepForm,
)
from ..models import MethodStep, Track
from ..selectors.journeys import feeling_chart, journey_map, journey_method


def _journey_url(track: Track, anchor: str = "") -> str:
    url = reverse("improvement-journey", kwargs={"pk": track.pk})
    return f"{url}#{anchor}" if anchor else url


def _page(request: HttpRequest, track: Track, status: int = 200, **forms) -> HttpResponse:
    """The journey page, with the forms given (bound, with their errors) or fresh ones."""
    mapped = journey_map(track)
    journey = mapped.journey
    editable = can_edit_track(request.user, track) and not track.is_closed
    context = {
        "track": track,
        "map": mapped,
        "chart": feeling_chart(mapped),
        "can_edit": editable,
        # Errors that belong to no field (such as "describe the journey first"), shown on top.
        "page_errors": []
        if journey
        else [error for form in forms.values() for error in form.non_field_errors()],
    }
    if editable:
        initial = (
            {"resident": journey.resident, "goal": journey.goal, "session_on": journey.session_on}
            if journey
            else {}
        )
        context.update(
            journey_form=forms.get("journey_form") or JourneyForm(prefix="reis", initial=initial),
            phase_form=forms.get("phase_form") or PhaseForm(prefix="fase"),
            step_form=forms.get("step_form") or StepForm(prefix="stap", journey=journey),
            participant_form=forms.get("participant_form") or ParticipantForm(prefix="deelnemer"),
            checklist_form=forms.get("checklist_form")
            or ChecklistForm(
                prefix="checklist",
                initial={"done": [step.pk for step, done in mapped.checklist if done]},
            ),
        )
    return render(request, "improvement/journeys/journey.html", context, status=status)


def _save_on_page(
    request: HttpRequest,
    track: Track,
    form_name: str,
    form,
    save: Callable[[], object],
    *,
    done: str,
    anchor: str,
) -> HttpResponse:
    """Save one form of the journey page: back to ``anchor``, or the page with its errors."""
    if form_saved(request, form, save, done=done):
        return redirect(_journey_url(track, anchor))
    return _page(request, track, status=400, **{form_name: form})


def _confirm_delete(
    request: HttpRequest,
    *,
    delete: Callable[[], object],
    done: str,
    page_title: str,
    question: str,
    back_url: str,
) -> HttpResponse:
    """Ask first (GET); on POST delete, say how it went and go back to ``back_url``."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(back_url)
    return render(
        request,
        "improvement/journeys/confirm_delete.html",
        {"page_title": page_title, "question": question, "back_url": back_url},
    )


@login_required
def journey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access_track(request.user, pk))


def _needs_journey(track: Track):
    journey = getattr(track, "journey", None)
    if journey is None:
        raise ValidationError(_("Beschrijf eerst wiens reis dit is (bovenaan het formulier)."))
    return journey


@login_required
@require_POST
def journey_save(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = JourneyForm(request.POST, prefix="reis")
    return _save_on_page(
        request,
        track,
        "journey_form",
        form,
        lambda: services.journey_save(track=track, **form.cleaned_data),
        done=_("De gegevens van de reis zijn opgeslagen."),
        anchor="",
    )


@login_required
@require_POST
def phase_create(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = PhaseForm(request.POST, prefix="fase")
    return _save_on_page(
        request,
        track,
        "phase_form",
        form,
        lambda: services.phase_add(journey=_needs_journey(track), name=form.cleaned_data["name"]),
        done=_("De fase is toegevoegd."),
        anchor="stap-toevoegen",
    )


@login_required
@require_POST
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    journey = getattr(track, "journey", None)
    form = StepForm(request.POST, prefix="stap", journey=journey)
    return _save_on_page(
        request,
        track,
        "step_form",
        form,
        lambda: services.step_add(journey=_needs_journey(track), **form.cleaned_data),
        done=_("De stap is toegevoegd aan de reis."),
        anchor="kaart",
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    step = access_step_for_edit(request.user, pk)
    track = step.journey.track
    initial = {name: getattr(step, name) for name in ("title", "does", "thinks", "feeling")}
    initial.update(
        phase=step.phase_id,
        channel=step.channel_id,
        pain_points=step.pain_points,
        opportunities=step.opportunities,
    )
    form = StepForm(request.POST or None, journey=step.journey, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.step_change(step=step, **form.cleaned_data),
        done=_("De stap is opgeslagen."),
        success_url=_journey_url(track, "kaart"),
        template="improvement/journeys/step_form.html",
        page_title=_("Stap van de reis wijzigen"),
        back_url=_journey_url(track, "kaart"),
        invalid_status=400,
        step=step,
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_delete(request: HttpRequest, pk: int) -> HttpResponse:
    step = access_step_for_edit(request.user, pk)
    return _confirm_delete(
        request,
        delete=lambda: services.step_delete(step=step),
        done=_("De stap is verwijderd."),
        page_title=_("Stap verwijderen"),
        question=_(
            "Wilt u de stap ‘%(title)s’ verwijderen? Wat de inwoner bij deze stap doet, "
            "denkt en voelt, met de pijnpunten en kansen, gaat dan verloren."
        )
        % {"title": step.title},
        back_url=_journey_url(step.journey.track, "kaart"),
    )


@login_required
@require_POST
def participant_create(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = ParticipantForm(request.POST, prefix="deelnemer")
    return _save_on_page(
        request,
        track,
        "participant_form",
        form,
        lambda: services.participant_add(journey=_needs_journey(track), **form.cleaned_data),
        done=_("De deelnemer is toegevoegd."),
        anchor="deelnemers",
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_delete(request: HttpRequest, pk: int) -> HttpResponse:
    participant = access_participant_for_edit(request.user, pk)
    return _confirm_delete(
        request,
        delete=lambda: services.participant_remove(participant=participant),
        done=_("De deelnemer is van de lijst gehaald."),
        page_title=_("Deelnemer van de lijst halen"),
        question=_("Wilt u ‘%(name)s’ van de lijst met deelnemers halen?") % {"name": participant},
        back_url=_journey_url(participant.journey.track, "deelnemers"),
    )


@login_required
@require_POST
def checklist_save(request: HttpRequest, pk: int) -> HttpResponse:
    track = access_track_for_edit(request.user, pk)
    form = ChecklistForm(request.POST, prefix="checklist")
    return _save_on_page(
        request,
        track,
        "checklist_form",
        form,
        lambda: services.checklist_set(
            journey=_needs_journey(track), done=form.cleaned_data["done"]
        ),
        done=_("De checklist is opgeslagen."),
        anchor="checklist",
    )


@login_required
def journey_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The journey map on A3 landscape, for the wall of the team room."""
    from ..documents import journey_pdf as render_pdf

    track = access_track(request.user, pk)
    response = HttpResponse(render_pdf(track), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inwonersreis-{track.pk}.pdf"'
    return response


# --- the method -----------------------------------------------------------------------------------


@login_required
def method_detail(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "improvement/journeys/method.html",
        {
            "method": journey_method(),
            "steps": list(MethodStep.objects.all()),
            "can_edit": can_edit_method(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def method_edit(request: HttpRequest) -> HttpResponse:
    access_method_for_edit(request.user)
    method = journey_method()
    form = MethodForm(
        request.POST or None, initial={"intro": method.intro, "toolbox": method.toolbox}
    )
    return form_page(
        request,
        form,
        lambda: services.method_update(**form.cleaned_data, updated_by=request.user),
        done=_("De methode is opgeslagen."),
        success_url=reverse("improvement-method"),
        page_title=_("Methode inwonersreis wijzigen"),
        back_url=reverse("improvement-method"),
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def method_step_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        access_method_for_edit(request.user)
        step, initial = None, {"active": True}
    else:
        step = access_method_step_for_edit(request.user, pk)
        initial = {
            "title": step.title,
            "description": step.description,
            "order": step.order,
            "active": step.active,
        }
    form = MethodStepForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.method_step_save(step=step, **form.cleaned_data),
        done=_("De stap van de methode is opgeslagen."),
        success_url=f"{reverse('improvement-method')}#stappen",
        page_title=_("Stap van de methode toevoegen")
        if step is None
        else _("Stap van de methode wijzigen"),
        back_url=reverse("improvement-method"),
        invalid_status=400,
    )
