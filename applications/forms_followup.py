"""The carrier's forms after submission: answering an information request, withdrawing the
dossier, writing to the ministry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import conversation, filecheck
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``conversation`` like a dossier's document."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class MessageForm(DsfrForm, forms.Form):
    """A message of the dossier's conversation, from the carrier or from staff (same checks)."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message.")},
    )
    files = MultipleFileField(label=_("Attached files (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("Up to %(count)s files of %(size)s at most each: %(kinds)s.") % {
            "count": conversation.MAX_FILES,
            "size": filecheck.human_size(conversation.MAX_FILE_SIZE),
            "kinds": ", ".join(kind.upper() for kind in conversation.ACCEPTED_TYPES),
        }
