from django.urls import path

from . import views

urlpatterns = [
    path("openstaand-werk/", views.open_work, name="handling-index"),
    path("openstaand-werk/normen/", views.norm_compliance, name="handling-compliance"),
    path("openstaand-werk/mailboxen/", views.mailboxes, name="handling-mailboxes"),
    path("openstaand-werk/importeren/", views.import_upload, name="handling-import"),
    path(
        "openstaand-werk/importeren/controleren/",
        views.import_preview,
        name="handling-import-preview",
    ),
    path("openstaand-werk/teams/<slug:slug>/", views.team_open_items, name="handling-team"),
]
