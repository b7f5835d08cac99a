"""Public verification of decisions. (Foundation placeholder: the decisions work replaces it.)"""

from django.shortcuts import render


def verify_decision_form(request):
    return render(request, "pages/coming_soon.html", {"page_title": "verify"})
