"""The project as an app: only for its admin screen of background tasks (``ami_portal/admin.py``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class PortalConfig(AppConfig):
    name = "ami_portal"
    verbose_name = _("Portail AMI")


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db's app, under a name staff understand in the staff area."""

    verbose_name = _("Background tasks")
