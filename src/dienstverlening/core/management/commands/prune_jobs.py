"""``dienstverlening prune_jobs``: clear up after background work (run it daily). The rules
``jobs`` and ``import_files`` of ``dienstverlening purge``, on their own and without a log."""

from django.core.management.base import BaseCommand

from dienstverlening.core.jobs import jobs_prune
from dienstverlening.core.retention import rule_get


class Command(BaseCommand):
    help = (
        "Verwijdert afgeronde taken die ouder zijn dan DV_JOB_KEEP_DAYS dagen, en geüploade "
        "bestanden die geen taak meer gaat lezen of die niemand binnen een dag importeerde."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        jobs, files = jobs_prune()
        if verbosity >= 1:
            rule = rule_get("jobs")
            period = rule.period().label() if rule is not None else ""
            self.stdout.write(
                f"{jobs} taken ouder dan {period} en {files} vergeten bestanden verwijderd."
            )
