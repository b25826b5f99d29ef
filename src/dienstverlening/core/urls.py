from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .twofactor import views as twofactor_views

urlpatterns = [
    path("inloggen/", views.SignInView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (core.oidc): register https://<host>/oidc/callback/ at the provider.
    path("oidc/authenticate/", views.OIDCStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
    path("taken/", views.job_list, name="job-list"),
    path("taken/<uuid:pk>/", views.job_detail, name="job-detail"),
    path("taken/<uuid:pk>/voortgang/", views.job_progress, name="job-progress"),
    path("audittrail/", views.audit_trail, name="audit-trail"),
    # Two-factor authentication (core/twofactor).
    path("tweestapsverificatie/", twofactor_views.twofactor_overview, name="twofactor"),
    path("tweestapsverificatie/code/", twofactor_views.twofactor_verify, name="twofactor-verify"),
    path(
        "tweestapsverificatie/instellen/", twofactor_views.twofactor_enrol, name="twofactor-enrol"
    ),
    path(
        "tweestapsverificatie/herstelcodes/",
        twofactor_views.twofactor_recovery_codes,
        name="twofactor-recovery-codes",
    ),
    path(
        "tweestapsverificatie/herstelcodes/nieuw/",
        twofactor_views.twofactor_recovery_codes_new,
        name="twofactor-recovery-codes-new",
    ),
    path(
        "tweestapsverificatie/uitzetten/",
        twofactor_views.twofactor_disable,
        name="twofactor-disable",
    ),
]
