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


# The calls that record an audit entry with their ``action`` keyword: audit.record itself, and the
# helpers that pass it on (applications/grants/conventions.py).
RECORDING = {"record", "apply_new_amount"}


def _recorded_actions() -> set[str]:
    """Every action the code records: ``audit.record(action="…")`` literals (a conditional's two
    branches included) in applications/ and review/ (grants included), the workflow's events and the
    redaction records."""
    import ast
    from pathlib import Path

    from applications import audit
    from applications.workflow import TRANSITIONS

    root = Path(__file__).resolve().parents[2]
    actions = {t.event for t in TRANSITIONS.values()}
    actions |= {audit.REDACTION_RECORD, audit.ORGANISATION_REDACTION_RECORD}
    actions |= {"decision_email_sent", "decision_email_retried"}  # review/decision_emails.py passes them on
    for folder in ("applications", "review"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef):  # a helper passing its ``action`` on to audit.record
                    positional = node.args.args[len(node.args.args) - len(node.args.defaults) :]
                    defaults = [*node.args.kw_defaults, *node.args.defaults]
                    kinds = [*node.args.kwonlyargs, *positional]
                    actions |= {
                        d.value
                        for a, d in zip(kinds, defaults, strict=False)
                        if a.arg == "action" and isinstance(d, ast.Constant) and d.value
                    }
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)):
                    continue
                callee = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if callee not in RECORDING:
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "action":
                        continue
                    values = [keyword.value]
                    if isinstance(keyword.value, ast.IfExp):
                        values = [keyword.value.body, keyword.value.orelse]
                    actions |= {v.value for v in values if isinstance(v, ast.Constant)}
    return actions


def test_every_recorded_action_has_a_french_name():
    actions = _recorded_actions()
    grants = {"grant_opened", "grant_amount_amended", "grant_amount_corrected", "grant_award_withdrawn"}
    assert grants | {"grant_decision_corrected", "grant_correction_carried_out", "return_order_issued"} <= actions
    with translation.override("fr"):
        unnamed = sorted(action for action in actions if audit_action(action) == action)
        assert unnamed == []
        assert audit_action("grant_amount_amended") == "Montant de la subvention modifié par avenant"
        assert change_label("advance") == "avance" and change_label("balance") == "solde"
