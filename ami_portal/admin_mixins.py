"""Admin behaviours every staff screen shares, whichever app registers it.

- :class:`NotFoundWhenForbidden`: an object or page the person may not see answers 404, never 403,
  as everywhere else in the portal; custom admin URLs get the same treatment through ``wrap``.
- :class:`ReadOnlyAdminMixin`: nobody adds, changes or deletes these rows through the admin's
  generic forms. Records change through domain functions, which check the rules and write the
  audit log. A screen that does allow one of the three names it in ``admin_allows``; Django's
  own permission check then still applies.

Put the mixins before ``admin.ModelAdmin`` in the bases. Infrastructure: no domain module here.
"""

from functools import update_wrapper

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse


class ReadOnlyAdminMixin:
    """Nobody adds, changes or deletes here, except what ``admin_allows`` names (« add », « change »,
    « delete »)."""

    admin_allows: frozenset[str] = frozenset()

    def has_add_permission(self, request):
        return "add" in self.admin_allows and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return "change" in self.admin_allows and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return "delete" in self.admin_allows and super().has_delete_permission(request, obj)


class NotFoundWhenForbidden:
    """An object or page the person may not see answers 404, as everywhere else in the portal."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _or_404(self, view, *args, **kwargs):
        try:
            return view(*args, **kwargs)
        except PermissionDenied as exc:
            raise Http404 from exc

    def changelist_view(self, request, extra_context=None):
        return self._or_404(super().changelist_view, request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._or_404(super().change_view, request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        return self._or_404(super().add_view, request, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._or_404(super().delete_view, request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return self._or_404(super().history_view, request, object_id, extra_context)

    def wrap(self, view):
        """A custom admin URL: signed-in staff only, and 404 instead of 403."""

        def wrapper(*args, **kwargs):
            return self._or_404(self.admin_site.admin_view(view), *args, **kwargs)

        wrapper.model_admin = self
        return update_wrapper(wrapper, view)

    def render(self, request, template, context, *, title, obj=None):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "original": obj,
                "has_view_permission": True,
                **context,
            },
        )
