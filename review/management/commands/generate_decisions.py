"""Generate every decision PDF of a call, the ZIP and the email drafts, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError

from applications.models import Call
from review.models import GenerationJob
from review.tasks import run_generation

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Génère les PDF de toutes les décisions d'un appel, leur archive ZIP et les brouillons de courriels."

    def add_arguments(self, parser):
        parser.add_argument("--call", required=True, help="Identifiant (slug) de l'appel.")

    def handle(self, *args, call, **options):
        call_obj = Call.objects.filter(slug=call).first()
        if call_obj is None:
            raise CommandError(f"Aucun appel « {call} ».")
        job = GenerationJob.objects.create(call=call_obj)

        def progress(done, total):
            filled = BAR_WIDTH * done // max(total, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        job = run_generation(job, progress=progress)
        self.stdout.write("")
        if job.status == GenerationJob.Status.FAILED:
            raise CommandError(f"{job.error.count(chr(10)) + 1} échec(s) :\n{job.error}")
        self.stdout.write(self.style.SUCCESS(f"{job.done} décision(s) prêtes ; archive : {job.zip_file.name}"))
