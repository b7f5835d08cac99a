"""Background tasks in the staff area: administrators see every attempt, failures first.

django-tasks-db registers a read-only screen for its task results; this one replaces it to show
what staff need to follow the retries of ``ami_portal.tasks.retried_task`` — the attempt number,
the error — and to let the Administrators group in (not only superusers). Nothing can be added,
changed or deleted here.
"""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from applications import roles

from .tasks import ATTEMPT_KWARG

# django-tasks-db ships no French: its labels are translated in our catalogue.
PACKAGE_LABELS = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)


def may_see_tasks(user) -> bool:
    return bool(user.is_active and user.is_staff and roles.ADMINISTRATOR in roles.staff_roles(user))


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempt", "error", "enqueued_at", "run_after_display", "finished_at")
    list_filter = ("status", "queue_name")
    search_fields = ("task_path", "exception_class_path")
    list_per_page = 50
    date_hierarchy = "enqueued_at"

    def get_queryset(self, request):
        # Failures first, then what waits, then the rest; newest first inside each group.
        order = Case(
            When(status="FAILED", then=Value(0)),
            When(status="RUNNING", then=Value(1)),
            When(status="READY", then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return super().get_queryset(request).annotate(_status_order=order).order_by("_status_order", "-enqueued_at")

    def has_module_permission(self, request):
        return may_see_tasks(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see_tasks(request.user)

    @admin.display(description=_("attempt"))
    def attempt(self, obj):
        kwargs = (obj.args_kwargs or {}).get("kwargs") or {}
        return kwargs.get(ATTEMPT_KWARG, 1)

    @admin.display(description=_("error"))
    def error(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1] if obj.exception_class_path else "—"

    @admin.display(description=_("run after"), ordering="run_after")
    def run_after_display(self, obj):
        return self.display_run_after(obj)
