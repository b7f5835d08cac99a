"""The committee's proposal form on the selection screen, with the reason the minimum score asks for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_decisions import ProposalForm
from .models import Proposal


class SelectionProposalForm(ProposalForm):
    """:class:`ProposalForm`, plus the reason for selecting a dossier below the call's minimum score.

    That field is shown only for such a dossier (``below_minimum``); the domain refuses the
    selection without it (``selection.check_minimum_score``).
    """

    below_minimum_reason = forms.CharField(
        label=_("Reason for selecting a dossier below the minimum score"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "This dossier's score is below the call's minimum: it can be selected only with a written "
            "reason, recorded with the proposal."
        ),
    )

    def __init__(self, *args, proposal: Proposal | None = None, below_minimum: bool = False, **kwargs):
        if proposal is not None:
            kwargs.setdefault("initial", {}).setdefault("below_minimum_reason", proposal.below_minimum_reason)
        super().__init__(*args, proposal=proposal, **kwargs)
        if not below_minimum:
            del self.fields["below_minimum_reason"]
