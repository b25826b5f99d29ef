from django.urls import path

from . import views

urlpatterns = [
    path("uitnodigingen/", views.InvitationCreateView.as_view(), name="api-survey-invitations"),
]
