from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("inloggen/", views.SignInView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (core.oidc): register https://<host>/oidc/callback/ at the provider.
    path("oidc/authenticate/", views.OIDCStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
    path("taken/", views.job_list, name="job-list"),
    path("taken/<uuid:pk>/", views.job_detail, name="job-detail"),
    path("taken/<uuid:pk>/voortgang/", views.job_progress, name="job-progress"),
]
