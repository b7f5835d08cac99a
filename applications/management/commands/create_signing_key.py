"""A local test certificate authority and seal for the embedded profile (never for production)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ami_portal import pades


class Command(BaseCommand):
    help = (
        "Crée une autorité de certification de test et un certificat de cachet sous var/signing/ "
        "(profil embarqué uniquement : jamais en production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remplace la clé existante.")

    def handle(self, *args, force, **options):
        seal = Path(settings.AMI_SIGNING_PKCS12 or Path(settings.VAR_DIR) / "signing" / "seal.p12")
        if seal.exists() and not force:
            self.stdout.write(f"Clé de cachet de test déjà présente : {seal} (--force pour la remplacer).")
            return
        folder = seal.parent
        password = secrets.token_urlsafe(24)
        paths = pades.create_test_authority(folder, password=password)
        if paths["seal"] != seal:
            paths["seal"].replace(seal)
        password_file = Path(settings.AMI_SIGNING_PKCS12_PASSWORD_FILE)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        self.stdout.write(
            f"Autorité de test et cachet créés dans {folder} ({pades.TEST_LABEL}) : les actes seront "
            "signés avec ce cachet, que seul ce portail reconnaît."
        )
