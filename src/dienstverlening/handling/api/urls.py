from django.urls import path

from . import views

urlpatterns = [
    path("interne-taken/", views.TaskListView.as_view(), name="api-interne-taken"),
    path("interne-taken/<uuid:uuid>/", views.TaskDetailView.as_view(), name="api-interne-taak"),
    path("zaken/", views.CaseListView.as_view(), name="api-zaken"),
    path("zaken/<uuid:uuid>/", views.CaseDetailView.as_view(), name="api-zaak"),
]
