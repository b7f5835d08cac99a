from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "applications.grants"
    label = "grants"
    verbose_name = _("Grant follow-up")
    default_auto_field = "django.db.models.BigAutoField"
