"""Staff pages of the evaluations: parse input, check access, call one service, render.

One module per group of pages; ``urls.py`` takes the views from here.
"""

from .index import questionnaire_page, responses_export, responses_export_file, survey_index
from .runs import open_link_create, open_link_qr, run_create, run_detail, run_transition
from .teams import team_preview, team_question_edit, team_question_move, team_questions
from .uploads import import_mapping, import_upload, invitations_upload

__all__ = [
    "import_mapping",
    "import_upload",
    "invitations_upload",
    "open_link_create",
    "open_link_qr",
    "questionnaire_page",
    "responses_export",
    "responses_export_file",
    "run_create",
    "run_detail",
    "run_transition",
    "survey_index",
    "team_preview",
    "team_question_edit",
    "team_question_move",
    "team_questions",
]
