"""The portal's URLs plus one view that fails, to see the 500 page as users would."""

from django.urls import path

from ami_portal.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("panne/", failing_view)]
