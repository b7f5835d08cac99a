"""Public pages: the calls, and the pages every French public website must have."""

from functools import partial

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ami_portal import pagecache

from ..formatting import time_left
from ..models import Call, Criterion
from ..selection_methods import published_rules


def shown_state(call: Call, phase: str) -> tuple:
    """What the public pages show of a call that can change, for their cache keys: its last edit,
    its dates, the scores its ranking uses and its phase (an edit that bypasses ``save`` keeps
    ``updated_at``: the committee's choice of scores for the ranking is one)."""
    return (
        call.pk,
        call.updated_at.isoformat(),
        call.opens_at.isoformat(),
        call.closes_at.isoformat(),
        call.ranking_basis,
        phase,
    )


@require_safe
def home(request):
    calls = list(Call.objects.public().order_by("closes_at"))
    now = timezone.now()
    sections = {"open": [], "upcoming": [], "closed": []}
    key = ["home"]
    for call in calls:
        phase = call.phase
        sections[phase].append(call)
        key.append(shown_state(call, phase))
    sections["closed"].reverse()
    # Visitors who are not signed in get the page from the cache (ami_portal/pagecache.py).
    return pagecache.visitor_page(
        request,
        tuple(key),
        lambda extra: render(request, "applications/home.html", {"sections": sections, "now": now, **extra}),
    )


def criteria_rows(call: Call) -> list[tuple[Criterion, int]]:
    """The call's criteria with each one's share of the score, in percent."""
    criteria = list(call.criteria.order_by("position"))
    total_weight = sum((c.weight for c in criteria), 0)
    return [(c, round(100 * c.weight / total_weight) if total_weight else 0) for c in criteria]


@require_safe
def call_detail(request, slug):
    # One query for the call: its themes, départements, criteria and documents are read by the
    # template only when its cached fragment (keyed by the call's updated_at) is missing. Visitors
    # who are not signed in get the whole page from the cache (ami_portal/pagecache.py), keyed by
    # everything it shows that can change: the call's last edit, its dates, and what the clock
    # makes of them, computed once here for the key and the page alike.
    call = get_object_or_404(Call.objects.public(), slug=slug)
    phase = call.phase
    left = time_left(call.closes_at) if phase == "open" else ""
    context = {
        "call": call,
        "criteria_rows": partial(criteria_rows, call),
        "selection_rules": partial(published_rules, call),
        "phase": phase,
        "time_left": left,
    }
    return pagecache.visitor_page(
        request,
        (*shown_state(call, phase), left),
        lambda extra: render(request, "applications/call_detail.html", {**context, **extra}),
    )


def static_page(template_name):
    @require_safe
    def view(request):
        context = {}
        if template_name == "pages/sitemap.html":
            context["calls"] = Call.objects.public().only("title", "slug")
        return render(request, template_name, context)

    view.__name__ = template_name.rsplit("/", 1)[-1].removesuffix(".html")
    return view
