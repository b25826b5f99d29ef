from django.urls import path

from . import views

urlpatterns = [
    path("wie-doet-wat/", views.directory, name="directory"),
    path("teams/", views.team_list, name="team-list"),
]
