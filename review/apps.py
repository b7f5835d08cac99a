from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review and decisions")

    def ready(self):
        # applications never imports review: review supplies what the carrier side needs from it.
        from . import staff_side

        staff_side.register()
