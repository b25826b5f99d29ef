from django.urls import path

from . import views

urlpatterns = [
    path("verbeteren/trajecten/<int:pk>/", views.track_detail, name="improvement-track"),
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
