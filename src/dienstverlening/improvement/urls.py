from django.urls import path

from . import views

urlpatterns = [
    path("verbeteren/", views.improvement_hub, name="improvement"),
    path("verbeteren/trajecten/<int:pk>/", views.track_detail, name="improvement-track"),
    path("verbeteren/teamplannen/", views.team_plan_list, name="improvement-plans"),
    path("verbeteren/teamplannen/nieuw/", views.team_plan_create, name="improvement-plan-create"),
    path("verbeteren/teamplannen/<int:pk>/", views.team_plan_detail, name="improvement-plan"),
    path(
        "verbeteren/teamplannen/<int:pk>/afdrukken/",
        views.team_plan_print,
        name="improvement-plan-print",
    ),
    path(
        "verbeteren/teamplannen/<int:pk>/wijzigen/",
        views.team_plan_edit,
        name="improvement-plan-edit",
    ),
    path(
        "verbeteren/teamplannen/<int:pk>/acties/nieuw/",
        views.team_plan_action_create,
        name="improvement-plan-action-create",
    ),
    path(
        "verbeteren/teamplannen/<int:pk>/acties/<int:action_pk>/status/",
        views.team_plan_action_status,
        name="improvement-plan-action-status",
    ),
    path(
        "verbeteren/implementatieplan/",
        views.implementation_plan,
        name="improvement-implementation",
    ),
    path(
        "verbeteren/implementatieplan/<int:pk>/wijzigen/",
        views.implementation_action_edit,
        name="improvement-implementation-edit",
    ),
    # improvement tracks and actions
    path("verbeteren/trajecten/", views.track_list, name="improvement-tracks"),
    path("verbeteren/trajecten/nieuw/", views.track_create, name="improvement-track-create"),
    path(
        "verbeteren/trajecten/<int:pk>/acties/",
        views.action_create,
        name="improvement-action-create",
    ),
    path(
        "verbeteren/acties/<int:pk>/status/", views.action_status, name="improvement-action-status"
    ),
    path(
        "verbeteren/trajecten/<int:pk>/effect-meten/",
        views.track_evaluate,
        name="improvement-track-evaluate",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/afronden/", views.track_close, name="improvement-track-close"
    ),
    path(
        "verbeteren/goede-voorbeelden/", views.good_example_list, name="improvement-good-examples"
    ),
    # resident journeys and the method
    path("verbeteren/trajecten/<int:pk>/reis/", views.journey_detail, name="improvement-journey"),
    path(
        "verbeteren/trajecten/<int:pk>/reis/gegevens/",
        views.journey_save,
        name="improvement-journey-save",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/reis/fases/",
        views.phase_create,
        name="improvement-phase-create",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/reis/stappen/",
        views.step_create,
        name="improvement-step-create",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/reis/deelnemers/",
        views.participant_create,
        name="improvement-participant-create",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/reis/checklist/",
        views.checklist_save,
        name="improvement-checklist",
    ),
    path(
        "verbeteren/trajecten/<int:pk>/reis/pdf/", views.journey_pdf, name="improvement-journey-pdf"
    ),
    path(
        "verbeteren/reisstappen/<int:pk>/wijzigen/",
        views.step_update,
        name="improvement-step-update",
    ),
    path(
        "verbeteren/reisstappen/<int:pk>/verwijderen/",
        views.step_delete,
        name="improvement-step-delete",
    ),
    path(
        "verbeteren/deelnemers/<int:pk>/verwijderen/",
        views.participant_delete,
        name="improvement-participant-delete",
    ),
    path("verbeteren/methode/", views.method_detail, name="improvement-method"),
    path("verbeteren/methode/wijzigen/", views.method_edit, name="improvement-method-edit"),
    path(
        "verbeteren/methode/stappen/nieuw/",
        views.method_step_edit,
        name="improvement-method-step-create",
    ),
    path(
        "verbeteren/methode/stappen/<int:pk>/wijzigen/",
        views.method_step_edit,
        name="improvement-method-step-update",
    ),
    path("verbeteren/signalen/", views.signal_index, name="improvement-signals"),
    path("verbeteren/signalen/nieuw/", views.signal_new, name="improvement-signal-new"),
    path("verbeteren/signalen/<int:pk>/", views.signal_detail, name="improvement-signal"),
    path(
        "verbeteren/signalen/<int:pk>/oppakken/",
        views.signal_take,
        name="improvement-signal-take",
    ),
    path(
        "verbeteren/signalen/<int:pk>/antwoorden/",
        views.signal_answer,
        name="improvement-signal-answer",
    ),
    path(
        "verbeteren/signalen/<int:pk>/doorsturen/",
        views.signal_pass_on,
        name="improvement-signal-pass-on",
    ),
    path(
        "verbeteren/signalen/<int:pk>/verbetertraject/",
        views.signal_start_track,
        name="improvement-signal-track",
    ),
    path(
        "verbeteren/signalen/team/<slug:slug>/",
        views.team_signals,
        name="improvement-team-signals",
    ),
    # where to start and alerts
    path("verbeteren/waar-beginnen/", views.where_to_start_view, name="improvement-where"),
    path("verbeteren/signaleringen/", views.alerts_index, name="improvement-alerts"),
    path(
        "verbeteren/signaleringen/team/<slug:slug>/",
        views.team_alerts_view,
        name="improvement-team-alerts",
    ),
    path(
        "verbeteren/signaleringen/<int:pk>/gezien/",
        views.alert_acknowledge_view,
        name="improvement-alert-acknowledge",
    ),
    path(
        "verbeteren/signaleringen/<int:pk>/verbetertraject/",
        views.alert_track_view,
        name="improvement-alert-track",
    ),
    path("verbeteren/signaleringen/regels/", views.alert_rules, name="improvement-alert-rules"),
    path(
        "verbeteren/signaleringen/regels/nieuw/",
        views.alert_rule_edit,
        name="improvement-alert-rule-new",
    ),
    path(
        "verbeteren/signaleringen/regels/<int:pk>/",
        views.alert_rule_edit,
        name="improvement-alert-rule",
    ),
    path("verbeteren/mijn-team/", views.my_team, name="improvement-my-team"),
]
