from django.urls import path

from . import views

urlpatterns = [
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
]
