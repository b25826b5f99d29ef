from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/trends/", views.trends, name="insights-trends"),
    path("dashboard/open-antwoorden/", views.open_answers, name="insights-open-answers"),
    path(
        "dashboard/complimenten/",
        views.open_answers,
        {"compliments": True},
        name="insights-compliments",
    ),
]
