from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taken/", views.job_list, name="job-list"),
    path("taken/<uuid:pk>/", views.job_detail, name="job-detail"),
    path("taken/<uuid:pk>/voortgang/", views.job_progress, name="job-progress"),
]
