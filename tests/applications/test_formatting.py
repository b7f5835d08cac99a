from datetime import timedelta
from decimal import Decimal

from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from applications.formatting import format_euros, time_left

NBSP = "\u00a0"


def test_euros_the_french_way():
    assert format_euros(Decimal("100000")) == f"100{NBSP}000,00{NBSP}€"
    assert format_euros(Decimal("1234567.891")) == f"1{NBSP}234{NBSP}567,89{NBSP}€"
    assert format_euros(Decimal("0.5")) == f"0,50{NBSP}€"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_euros_round_trip(amount):
    text = format_euros(amount, symbol=False)
    assert Decimal(text.replace(NBSP, "").replace(",", ".")) == amount


def test_time_left_in_french():
    now = timezone.now()
    with translation.override("fr"):
        assert time_left(now + timedelta(days=12, hours=3, minutes=5), now) == "12 jours et 3 heures"
        assert time_left(now + timedelta(hours=1, minutes=30), now) == "1 heure et 30 minutes"
        assert time_left(now - timedelta(seconds=1), now) == "clos"
