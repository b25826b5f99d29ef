from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dienstverlening.core"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        # Imported here: a second AppConfig class in this module would stop Django from
        # choosing CoreConfig for this app.
        from django.contrib.auth.signals import user_logged_in
        from django.contrib.staticfiles.apps import StaticFilesConfig

        from . import checks as sign_in_checks  # noqa: F401  (registers the system checks)
        from . import (
            security_events,  # noqa: F401  (connects the security-event receivers)
            twofactor,
        )
        from .audit import audit_register
        from .navigation import nav_register
        from .retention import rule_register
        from .team_sections import team_section_register
        from .twofactor import checks as twofactor_checks  # noqa: F401  (registers its check)

        # Each sign-in notes whether the account has a second factor (``core.twofactor``).
        user_logged_in.connect(twofactor.on_user_logged_in, dispatch_uid="core.twofactor")

        # The audit trail: every model of ``core.audit.AUDITED``, registered with auditlog.
        audit_register()

        # Every app's pages join the menu and the start page: the ``ITEMS`` of its own
        # ``navigation`` module, found the way the admin finds ``admin`` modules.
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "navigation"):
                module = import_module(f"{app_config.name}.navigation")
                nav_register(*getattr(module, "ITEMS", ()))
            # Sections of the team page (``team_sections``), found the same way.
            if module_has_submodule(app_config.module, "team_sections"):
                module = import_module(f"{app_config.name}.team_sections")
                team_section_register(*getattr(module, "SECTIONS", ()))
            # What each app keeps and for how long (``retention``), found the same way.
            if module_has_submodule(app_config.module, "retention"):
                module = import_module(f"{app_config.name}.retention")
                rule_register(*getattr(module, "RULES", ()))

        # ``collectstatic`` leaves out source maps. Vendored builds (the API docs' Swagger UI
        # and Redoc, the REST framework's Bootstrap) ship maps of several megabytes that a
        # browser asks for only with its developer tools open; ``storage.StaticStorage`` leaves
        # a reference to a missing map alone. The static directory is half the size, and
        # ``collectstatic`` (which hashes and compresses every file) takes half the time.
        staticfiles = apps.get_app_config("staticfiles")
        assert isinstance(staticfiles, StaticFilesConfig)
        if "*.map" not in staticfiles.ignore_patterns:
            staticfiles.ignore_patterns = [*staticfiles.ignore_patterns, "*.map"]
