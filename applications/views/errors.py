from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    # Forbidden objects answer 404 elsewhere; this covers CSRF and other refusals.
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A refused form (expired session, cookies blocked): our French, DSFR 403 page, not Django's
    English technical one (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403.html", status=403)
