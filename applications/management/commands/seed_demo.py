"""Demo accounts for each role and, with --dossiers, realistic dossiers carried to a stage."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from applications.demo import ACCOUNTS, create_demo_dossiers, demo_dossiers_exist, ensure_accounts
from applications.management.commands.load_ami import SLUG, load_ami
from applications.models import Call

# Each stage continues the previous one through the same domain functions the screens use.
STAGES = {
    "draft": None,
    "submitted": "applications.demo_stages.submit_demo_dossiers",
    "reviewed": "review.demo.review_demo_dossiers",
    "decided": "review.demo_decisions.decide_demo_dossiers",
    "followed": "applications.grants.demo.follow_demo_grants",
}


class Command(BaseCommand):
    help = "Crée les comptes de démonstration et, avec --dossiers, des dossiers réalistes."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=0, help="Nombre de dossiers à créer.")
        parser.add_argument("--password", default="demo-ami-2024", help="Mot de passe des comptes de démonstration.")
        parser.add_argument("--stage", choices=list(STAGES), default="draft", help="Jusqu'où mener les dossiers.")
        parser.add_argument("--call", default=SLUG, help="Identifiant (slug) de l'appel.")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, dossiers, password, stage, call, seed, **options):
        if dossiers < 0:
            raise CommandError("--dossiers doit être positif.")
        call_obj = Call.objects.filter(slug=call).first()
        if call_obj is None:
            if call != SLUG:
                raise CommandError(f"Aucun appel « {call} ».")
            call_obj = load_ami()
        accounts = ensure_accounts(password=password, call=call_obj)
        if dossiers and demo_dossiers_exist(call=call_obj):
            # Run again (`make run` a second time, after a `git pull`): the demo and whatever was done
            # with it since are kept; the accounts' passwords are reset above. `make clean` starts over.
            self.stdout.write(
                "Données de démonstration déjà présentes : conservées (make clean pour repartir de zéro)."
            )
            dossiers, stage = 0, "draft"
        ids = create_demo_dossiers(call=call_obj, count=dossiers, seed=seed) if dossiers else []
        if ids:
            self.stdout.write(f"{len(ids)} dossiers créés (brouillons complets).")
        order = list(STAGES)
        for name in order[1 : order.index(stage) + 1]:
            runner = import_string(STAGES[name])
            runner(call=call_obj, application_ids=ids, accounts=accounts, stdout=self.stdout)
            self.stdout.write(f"Étape « {name} » atteinte.")
        self.stdout.write(self.style.SUCCESS(f"Comptes de démonstration (mot de passe : {password}) :"))
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.label:45} {account.email}")
