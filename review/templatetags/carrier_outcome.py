"""``{% carrier_outcome application %}``: the outcome block of a carrier's dossier page.

Review owns what a decision, a proposal and the waiting list mean for the carrier
(``review.outcomes``); the dossier page, which belongs to ``applications``, only places the block.
"""

from django import template

from review.outcomes import carrier_outcome as outcome_of

register = template.Library()


@register.inclusion_tag("applications/_outcome.html")
def carrier_outcome(application):
    """Uses the page's prefetched ``valid_decisions`` when there are, else queries them."""
    outcome = outcome_of(application, decisions=getattr(application, "valid_decisions", None))
    return {"outcome": outcome, "application": application, "call": application.call}
