"""Forms of the decision screens: public verification, proposals, signatures, corrections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import MAX_UPLOAD_BYTES


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=300,
        help_text=_("Printed under the QR code of the decision, or the whole address it leads to."),
    )
    document = forms.FileField(
        label=_("The decision's PDF file (optional)"),
        required=False,
        help_text=_(
            "We compare its SHA-256 fingerprint with the one recorded when the decision was issued. Maximum 20 MB."
        ),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 20 MB: it cannot be a decision of this portal."))
        return document

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("document"):
            raise forms.ValidationError(_("Give a verification code, a PDF file, or both."))
        return cleaned


class FileCheckForm(forms.Form):
    document = forms.FileField(
        label=_("The decision's PDF file"),
        help_text=_(
            "We compare its SHA-256 fingerprint with the one recorded when the decision was issued. Maximum 20 MB."
        ),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 20 MB: it cannot be a decision of this portal."))
        return document
