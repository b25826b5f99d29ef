from django.urls import path

from . import views

urlpatterns = [
    path("openstaand-werk/", views.open_work, name="handling-index"),
    path("openstaand-werk/normen/", views.norm_compliance, name="handling-compliance"),
    path("openstaand-werk/mailboxen/", views.mailboxes, name="handling-mailboxes"),
    path("openstaand-werk/importeren/", views.import_upload, name="handling-import"),
    path(
        "openstaand-werk/importeren/<uuid:pk>/",
        views.import_after_check,
        name="handling-import-after-check",
    ),
    path(
        "openstaand-werk/mailboxen/bijwerken/",
        views.mailboxes_sync_now,
        name="handling-mailboxes-sync",
    ),
    path("openstaand-werk/teams/<slug:slug>/", views.team_open_items, name="handling-team"),
]
