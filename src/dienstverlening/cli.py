"""The ``dienstverlening`` console command: django-admin with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienstverlening.settings")
    # A command's own output (a token, a summary) is on stdout; its log lines go to stderr.
    os.environ.setdefault("DV_LOG_STREAM", "stderr")
    from django.core.management import execute_from_command_line

    from dienstverlening.core.audit import audit_context

    # What a command changes is recorded in the audit trail as made by that command.
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    with audit_context(via="command", name=command):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
