"""Public pages: the calls, and the pages every French public website must have."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import Call, Criterion, RequiredDocument


@require_GET
def home(request):
    calls = list(Call.objects.public().order_by("closes_at"))
    now = timezone.now()
    sections = {"open": [], "upcoming": [], "closed": []}
    for call in calls:
        sections[call.phase].append(call)
    sections["closed"].reverse()
    return render(request, "applications/home.html", {"sections": sections, "now": now})


@require_GET
def call_detail(request, slug):
    call = get_object_or_404(
        Call.objects.public().prefetch_related(
            "themes",
            "departements",
            Prefetch("criteria", queryset=Criterion.objects.order_by("position")),
            Prefetch("required_documents", queryset=RequiredDocument.objects.order_by("position")),
        ),
        slug=slug,
    )
    criteria = list(call.criteria.all())
    total_weight = sum((c.weight for c in criteria), 0)
    criteria_rows = [(c, round(100 * c.weight / total_weight) if total_weight else 0) for c in criteria]
    return render(
        request,
        "applications/call_detail.html",
        {"call": call, "criteria_rows": criteria_rows, "total_weight": total_weight},
    )


def static_page(template_name):
    @require_GET
    def view(request):
        context = {}
        if template_name == "pages/sitemap.html":
            context["calls"] = Call.objects.public().only("title", "slug")
        return render(request, template_name, context)

    view.__name__ = template_name.rsplit("/", 1)[-1].removesuffix(".html")
    return view
