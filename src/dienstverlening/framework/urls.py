from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("kader/", views.framework, name="framework"),
    path("kader/poster/", views.poster, name="framework-poster"),
    path("kader/beheren/", views.framework_manage, name="framework-manage"),
    path("kader/stellingen/<int:pk>/wijzigen/", views.statement_update, name="statement-update"),
    path("kader/focus/nieuw/", views.focus_period_edit, name="focus-create"),
    path("kader/focus/<int:pk>/wijzigen/", views.focus_period_edit, name="focus-update"),
    path("normen/nieuw/", views.norm_create, name="norm-create"),
    path("normen/<int:pk>/", views.norm_detail, name="norm-detail"),
    path("normen/<int:pk>/wijzigen/", views.norm_change, name="norm-change"),
    path("afspraken/nieuw/", views.agreement_create, name="agreement-create"),
    path("afspraken/<int:pk>/wijzigen/", views.agreement_update, name="agreement-update"),
    path("afspraken/<int:pk>/verwijderen/", views.agreement_delete, name="agreement-delete"),
    path("teams/<slug:slug>/", views.team_detail, name="team-detail"),
    path("diensten/<slug:slug>/", views.service_detail, name="service-detail"),
]
