"""Carrier accounts. (Foundation placeholder: the carrier-journey work replaces these views.)"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def signup(request):
    return render(request, "pages/coming_soon.html", {"page_title": "signup"})


@login_required
def account(request):
    return render(request, "pages/coming_soon.html", {"page_title": "account"})
