from django.urls import path

from . import views

urlpatterns = [
    path("verbeteren/trajecten/<int:pk>/", views.track_detail, name="improvement-track"),
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
]
