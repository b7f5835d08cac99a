"""Every label the staff screens show is French: column headers, filters and form labels.

A label is the same in English and in French only when it is not translated at all (a field
declared without a verbose name shows « Created at », « Assigned by »…) — or when the word is
spelled the same in both languages, which the list below names one by one.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

SAME_IN_BOTH_LANGUAGES = {
    # French words that English spells the same: their msgid and their translation are equal.
    "id",
    "dossier",
    "dossiers",
    "version",
    "total",
    "description",
    "organisation",
    "siret",
    "rna",
    "source",
    "date",
    "message",
    "messages",
    "notes",
    "score",
    "code",
    "type",
    "justification",
    "explanation",
    "action",
    "actions",
    "position",
    "points",
    "pdf",
    "sha-256",
    "email",
    "e-mail",
    "question",
    "contact",
    "budget",
    "public",
    "département",
    "formats",
    "licence",
    "archive",
}


def labels(model, model_admin):
    """(where, name, label in French, label in English) for each column, filter and field."""
    names = [n for n in model_admin.list_display if n != "action_checkbox"]
    for name in names:
        with translation.override("fr"):
            french = str(label_for_field(name, model, model_admin))
        with translation.override("en"):
            english = str(label_for_field(name, model, model_admin))
        yield "column", name, french, english
    for field in shown_fields(model, model_admin):
        with translation.override("fr"):
            french = str(field.verbose_name)
        with translation.override("en"):
            english = str(field.verbose_name)
        yield "field", field.name, french, english


def shown_fields(model, model_admin):
    """The model fields the change screen shows: those its fieldsets name, or every field."""
    declared = model_admin.fieldsets or ([(None, {"fields": model_admin.fields})] if model_admin.fields else None)
    if declared:
        names = {
            n
            for _, options in declared
            for item in options["fields"]
            for n in ((item,) if isinstance(item, str) else item)
        }
        names |= set(model_admin.readonly_fields)
    else:
        names = None
    for field in model._meta.get_fields():
        if not hasattr(field, "verbose_name") or (field.auto_created and not field.concrete):
            continue
        if names is None or field.name in names:
            yield field


OURS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in ("applications", "review")
]


def untranslated(model, model_admin) -> list[str]:
    return [
        f"{where} {name}: « {french} »"
        for where, name, french, english in labels(model, model_admin)
        if french == english and french.strip().lower() not in SAME_IN_BOTH_LANGUAGES
    ]


@pytest.mark.parametrize("model,model_admin", OURS, ids=[m._meta.label for m, _ in OURS])
def test_every_label_of_our_staff_screens_is_french(model, model_admin):
    found = untranslated(model, model_admin)
    assert not found, "\n".join(found)


def test_the_check_catches_an_untranslated_label():
    from review.models import Assignment

    class ProbeAdmin(admin.ModelAdmin):
        list_display = ["reviewer", "assigned"]

        @admin.display(description="Assigned at")  # a plain string: never translated
        def assigned(self, obj):
            return obj.assigned_at

    assert untranslated(Assignment, ProbeAdmin(Assignment, admin.site)) == ["column assigned: « Assigned at »"]
