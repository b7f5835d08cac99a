"""The carrier's dossiers. (Foundation version: the carrier-journey work extends it.)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ..models import Application


def carrier_applications(user):
    """The dossiers ``user`` may see as a carrier: those of their organisation, nothing else."""
    if not user.is_authenticated or not user.organisation_id:
        return Application.objects.none()
    return Application.objects.filter(organisation_id=user.organisation_id)


@login_required
def my_applications(request):
    applications = carrier_applications(request.user).select_related("call").order_by("-created_at")
    return render(request, "applications/my_applications.html", {"applications": applications})


@login_required
def application_detail(request, public_id):
    application = get_object_or_404(carrier_applications(request.user).select_related("call"), public_id=public_id)
    if application is None:
        raise Http404
    return render(request, "applications/application_detail.html", {"application": application})
