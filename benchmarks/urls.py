"""The portal's URLs plus a bare Django view, the baseline the pages are compared to."""

from django.http import HttpResponse
from django.urls import path

from ami_portal.urls import handler403, handler404, handler500  # noqa: F401
from ami_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """Through the same middleware as every page, but no database, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
