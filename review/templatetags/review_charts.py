"""``{% load review_charts %}``: the charts of ``review.charts`` for screens that already hold their figures."""

from django import template

from review import charts

register = template.Library()


@register.simple_tag
def envelope_chart(gauge, call):
    """The envelope gauge of the selection screen, from the ``selection.Gauge`` it already computed."""
    return charts.gauge_chart(gauge, id=f"chart-gauge-{call.pk}")


@register.simple_tag
def leniency_chart(call, calibration):
    """The reviewers' leniency on the ranking screen, from the calibration it already read."""
    return charts.leniency_chart(call, calibration)
