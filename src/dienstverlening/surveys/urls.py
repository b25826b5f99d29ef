from django.urls import path

from . import public_views, views

urlpatterns = [
    # Public: residents, no log-in.
    path("m/bedankt/", public_views.survey_thanks, name="survey-thanks"),
    path("m/privacy/", public_views.survey_privacy, name="survey-privacy"),
    path("m/u/<str:token>/", public_views.survey_invitation, name="survey-invitation"),
    path("m/<str:token>/", public_views.survey_open, name="survey-open"),
    # Staff.
    path("metingen/", views.survey_index, name="survey-index"),
    path("metingen/vragenlijst/", views.questionnaire_page, name="survey-questionnaire"),
    path("metingen/nieuw/", views.run_create, name="survey-run-create"),
    path("metingen/<int:pk>/", views.run_detail, name="survey-run-detail"),
    path("metingen/<int:pk>/status/", views.run_transition, name="survey-run-transition"),
    path("metingen/<int:pk>/links/", views.open_link_create, name="survey-link-create"),
    path("metingen/<int:pk>/importeren/", views.import_upload, name="survey-import-upload"),
    path("metingen/<int:pk>/uitnodigen/", views.invitations_upload, name="survey-invitations"),
    path("metingen/links/<int:pk>/qr.<str:fmt>", views.open_link_qr, name="survey-link-qr"),
    path("metingen/import/<int:pk>/", views.import_mapping, name="survey-import-mapping"),
    path("metingen/antwoorden.<str:fmt>", views.responses_export, name="survey-export"),
    path(
        "metingen/antwoorden/<uuid:pk>/antwoorden.xlsx",
        views.responses_export_file,
        name="survey-export-file",
    ),
    path("metingen/teams/<slug:slug>/vragen/", views.team_questions, name="survey-team-questions"),
    path(
        "metingen/teams/<slug:slug>/vragen/<int:pk>/",
        views.team_question_edit,
        name="survey-team-question-edit",
    ),
    path(
        "metingen/teams/<slug:slug>/vragen/<int:pk>/verplaatsen/",
        views.team_question_move,
        name="survey-team-question-move",
    ),
    path("metingen/teams/<slug:slug>/voorbeeld/", views.team_preview, name="survey-team-preview"),
]
