"""Field settings the aggregates share: money is an exact decimal, never a float."""

MONEY = {"max_digits": 12, "decimal_places": 2}
