from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "dienstverlening.surveys"
    label = "surveys"
    verbose_name = _("Metingen ervaring")

    def ready(self) -> None:
        from dienstverlening.core.jobs import upload_pruner_register

        from . import checks  # noqa: F401  (registers the system checks)
        from .import_uploads import response_uploads_prune
        from .public_cache import connect_signals

        # A change to what the public form shows empties its cache in every process.
        connect_signals()

        # Result files nobody imported go with the daily ``purge`` (rule import_files), after a day.
        upload_pruner_register(response_uploads_prune)
