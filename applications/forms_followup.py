"""The carrier's forms after submission: answering an information request, withdrawing the
dossier, writing to the ministry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DsfrForm


class AnswerForm(DsfrForm, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Explain what you changed or added. The ministry receives it with the dossier."),
        error_messages={"required": _("Write a short answer to explain what you changed or added.")},
    )


class WithdrawForm(DsfrForm, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw this dossier? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn dossier can no longer be examined nor submitted again."),
        error_messages={"required": _("Tick this box to confirm the withdrawal.")},
    )


class MessageForm(DsfrForm, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message.")},
    )
