"""The portal's URLs plus a bare Django view, the baseline the pages are compared to."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from ami_portal.urls import handler403, handler404, handler500  # noqa: F401
from ami_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """Through the same middleware as every page, but no database, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_required
def signed_in_floor(request):
    """The least a signed-in page costs: the session and the user read, the portal's page frame
    (header, menus, footer) rendered around an empty content. No signed-in page can be faster."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/signed-in-floor/", signed_in_floor, name="bench_signed_in_floor"),
    *portal_urlpatterns,
]
