"""``dienstverlening prune_jobs``: clear up after background work (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from dienstverlening.core.jobs import jobs_prune


class Command(BaseCommand):
    help = (
        "Verwijdert afgeronde taken die ouder zijn dan DV_JOB_KEEP_DAYS dagen, en geüploade "
        "bestanden die geen taak meer gaat lezen of die niemand binnen een dag importeerde."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        jobs, files = jobs_prune()
        if verbosity >= 1:
            self.stdout.write(
                f"{jobs} taken ouder dan {settings.DV_JOB_KEEP_DAYS} dagen en {files} "
                "vergeten bestanden verwijderd."
            )
