from django.urls import path

from . import views

urlpatterns = [
    path("verbeteren/trajecten/<int:pk>/", views.track_detail, name="improvement-track"),
]
