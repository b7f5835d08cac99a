"""Write the awarded grants of a call in the SCDL « subventions » format (open data)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications.models import Call
from review.scdl import ScdlNotReady, write_scdl_csv


class Command(BaseCommand):
    help = "Exporte les subventions attribuées d'un appel au format SCDL « subventions » (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--call", required=True, help="Identifiant (slug) de l'appel.")
        parser.add_argument("--output", required=True, help="Fichier CSV à écrire (« - » pour la sortie standard).")

    def handle(self, *args, call, output, **options):
        call_obj = Call.objects.filter(slug=call).first()
        if call_obj is None:
            raise CommandError(f"Aucun appel « {call} ».")
        try:
            if output == "-":
                count = write_scdl_csv(call_obj, self.stdout, today=timezone.localdate())
            else:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    count = write_scdl_csv(call_obj, handle, today=timezone.localdate())
        except ScdlNotReady as problem:
            raise CommandError(str(problem)) from problem
        if output != "-":
            self.stdout.write(self.style.SUCCESS(f"{count} subvention(s) écrite(s) dans {output}."))
