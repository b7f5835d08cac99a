"""The audit log on a dossier reads in French whatever shape an entry recorded its changes in."""

from django.utils import translation

from review.templatetags.review_admin import audit_action, change_label, change_text


def test_pairs_read_before_and_after_and_single_values_read_as_themselves():
    with translation.override("fr"):
        assert change_text(["Léa Instructrice", None], "reviewer") == "Léa Instructrice → —"
        assert change_text("carrier", "from") == "le porteur"  # a message's author, not « c → a »
        assert change_text("award", "kind") == "Attribution"
        assert change_text([{"file": "statuts.pdf", "sha256": "ab12"}], "files") == "statuts.pdf, ab12"
        assert change_text([80, 20], "schedule") == "80, 20"  # a list, never « 80 → 20 »
        assert change_text("", "body") == "—"
        assert change_label("from") == "écrit par" and change_label("sha256") == "sha256"
        assert audit_action("message_sent") == "Message envoyé"
