from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "dienstverlening.surveys"
    label = "surveys"
    verbose_name = _("Metingen ervaring")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
