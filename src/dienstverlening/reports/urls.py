from django.urls import path

from . import views

urlpatterns = [
    path("rapportages/", views.report_list, name="reports"),
    path("rapportages/nieuw/", views.report_new, name="reports-new"),
    path("rapportages/<int:pk>/", views.report_detail, name="reports-detail"),
    path("rapportages/<int:pk>/vaststellen/", views.report_approve_view, name="reports-approve"),
    path("rapportages/<int:pk>/opnieuw/", views.report_regenerate_view, name="reports-regenerate"),
    path(
        "rapportages/<int:pk>/<str:fmt>/",
        views.report_download,
        name="reports-download",
    ),
    path("kader/poster.pdf", views.poster_pdf, name="reports-poster"),
]
