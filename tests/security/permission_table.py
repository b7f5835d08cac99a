"""What every role gets from every URL of the portal: declared once, here.

``test_permission_matrix`` walks the URL configuration itself; a URL pattern without a row here
fails it. For each pattern it asks as each role (``world.ROLES``), on the victim organisation's
objects (``world.build_world``), with a GET and with an empty POST (rolled back), and compares.

Answers: ``"200"``, ``"404"``… are status codes; redirects are named by where they lead:
``login`` (the portal's login), ``admin_login`` (the staff area's login), ``org`` (a signed-in
person without an organisation is asked to register one: staff are not carriers), ``otp`` (the
second-factor screens), ``redirect`` (anywhere else). Whoever may not see an object gets ``404``,
never ``403``, and a refused POST changes nothing (checked by the test).

Staff rows list six answers, in this order:
    reviewer  assigned_reviewer  conflicted_reviewer  committee  official  administrator
(``reviewer`` is not assigned to the dossier; ``conflicted_reviewer`` is assigned but declared a
conflict of interest with the organisation.)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from applications.models import Application

from .world import ROLES, World

STAFF = ("reviewer", "assigned_reviewer", "conflicted_reviewer", "committee", "official", "administrator")
NOT_STAFF = ("anonymous", "other_carrier", "owner", "colleague")


@dataclass(frozen=True)
class Row:
    get: dict
    post: dict
    args: Callable[[World], dict] = field(default=lambda w: {})
    url: str = ""  # for the admin's catch-all regex, which cannot be reversed


def everyone(get: str, post: str | None = None, args=lambda w: {}) -> Row:
    return Row(get=dict.fromkeys(ROLES, get), post=dict.fromkeys(ROLES, post or get), args=args)


def by_role(get: dict, post: dict | None = None, args=lambda w: {}) -> Row:
    assert set(get) == set(ROLES), set(ROLES) ^ set(get)
    return Row(get=get, post=post or get, args=args)


def signed_in(get: str, post: str | None = None, *, anonymous="login", args=lambda w: {}, **overrides) -> Row:
    """Every signed-in person gets ``get``/``post``; anonymous visitors are asked to log in."""
    answers_get = {role: overrides.get(role, get) for role in ROLES}
    answers_get["anonymous"] = anonymous
    answers_post = {role: overrides.get(role, post or get) for role in ROLES}
    answers_post["anonymous"] = anonymous
    return Row(get=answers_get, post=answers_post, args=args)


def carrier(own_get: str, own_post: str, *, other_get="404", other_post="404", args) -> Row:
    """A page of the organisation's own dossiers: members only; another organisation gets 404;
    staff, who belong to no organisation, are asked to register one (they see nothing)."""
    get = {"anonymous": "login", "other_carrier": other_get, "owner": own_get, "colleague": own_get}
    post = {"anonymous": "login", "other_carrier": other_post, "owner": own_post, "colleague": own_post}
    for role in STAFF:
        get[role] = post[role] = "org"
    return Row(get=get, post=post, args=args)


def staff(get: str, post: str | None = None, *, args=lambda w: {}, not_staff="admin_login") -> Row:
    """A staff-area URL: six answers for the staff roles (order in the module docstring); the
    admin sends everyone else to its login page."""

    def parse(text):
        values = text.split()
        assert len(values) == len(STAFF), text
        return {**dict.fromkeys(NOT_STAFF, not_staff), **dict(zip(STAFF, values, strict=True))}

    return Row(get=parse(get), post=parse(post or get), args=args)


def admin_object(name: str) -> Callable[[World], dict]:
    return lambda w: {"object_id": getattr(w, name).pk}


def model_admin(app_model: str, obj: str, *, changelist, add, history, change, delete, change_post=None, add_post=None):
    """The six URLs Django's admin makes for a model: changelist, add, history, delete, change, and
    the bare ``<object_id>/`` that redirects to change."""
    prefix = "admin:" + app_model.replace("/", "_")
    args = admin_object(obj)
    return {
        f"{prefix}_changelist": staff(changelist),
        f"{prefix}_add": staff(add, add_post),
        f"{prefix}_history": staff(history, args=args),
        f"{prefix}_delete": staff(delete, args=args),
        f"{prefix}_change": staff(change, change_post, args=args),
        f"gestion/{app_model}/<path:object_id>/": staff("redirect " * 6, args=args),
    }


NONE = "404 404 404 404 404 404"
ADMINISTRATOR_ONLY = "404 404 404 404 404 200"
ALL_STAFF = "200 200 200 200 200 200"
OVERSEEING = "404 404 404 200 200 200"  # committee, officials, administrators
DOSSIER = "404 200 404 200 200 200"  # the assigned reviewer without conflict, and the overseers


def _dossier(w):
    return {"public_id": w.under_review.public_id}


def _draft(w):
    return {"public_id": w.draft.public_id}


TABLE: dict[str, Row] = {
    # ----------------------------------------------------------------------------------------
    # Public pages
    # ----------------------------------------------------------------------------------------
    "home": everyone("200", "405"),
    "call_detail": everyone("200", "405", args=lambda w: {"slug": w.call.slug}),
    "accessibility": everyone("200", "405"),
    "legal_notice": everyone("200", "405"),
    "personal_data": everyone("200", "405"),
    "cookies": everyone("200", "405"),
    "sitemap": everyone("200", "405"),
    "health": everyone("200", "405"),
    "set_language": everyone("redirect"),
    "verify_decision_form": everyone("200"),
    "verify_decision": everyone("200", args=lambda w: {"code": w.decision.verification_code}),
    # ----------------------------------------------------------------------------------------
    # Accounts
    # ----------------------------------------------------------------------------------------
    "login": everyone("200"),
    "logout": everyone("405", "redirect"),
    # ProConnect is not configured here: its pages do not exist (tests/applications/test_proconnect.py).
    "proconnect_login": everyone("404"),
    "proconnect_callback": everyone("404"),
    "proconnect_logged_out": everyone("404"),
    "signup": by_role({role: ("200" if role == "anonymous" else "redirect") for role in ROLES}),
    "signup_done": everyone("200"),
    # A forged link: refused for everyone, nothing verified.
    "verify_email": everyone("400", args=lambda w: {"uidb64": "MQ", "token": "forged-token"}),
    "resend_verification": signed_in("405", "redirect"),
    "account": signed_in("200"),
    # Staff belong to no organisation: they may register one, carriers already have theirs.
    "organisation_create": signed_in("200", other_carrier="redirect", owner="redirect", colleague="redirect"),
    "organisation_edit": signed_in("org", other_carrier="200", owner="200", colleague="200"),
    "invite": by_role(
        {"anonymous": "login", **dict.fromkeys(("other_carrier", "owner", "colleague"), "405"), **dict.fromkeys(STAFF, "405")},
        {"anonymous": "login", **dict.fromkeys(("other_carrier", "owner", "colleague"), "200"), **dict.fromkeys(STAFF, "404")},
    ),
    "invitation": everyone("200", args=lambda w: {"token": w.invitation.token}),  # the token is the secret
    "password_change": signed_in("200"),
    "password_change_done": signed_in("200", "405"),
    "password_reset": everyone("200"),
    "password_reset_done": everyone("200", "405"),
    "password_reset_confirm": everyone("200", args=lambda w: {"uidb64": "MQ", "token": "forged-token"}),
    "password_reset_complete": everyone("200", "405"),
    "otp_verify": by_role(
        {
            "anonymous": "login",
            **dict.fromkeys(("other_carrier", "owner", "colleague"), "404"),
            **dict.fromkeys(STAFF[:-1], "otp"),  # no device yet: sent to enrol one
            "administrator": "200",
        }
    ),
    "otp_setup": by_role(
        {
            "anonymous": "login",
            **dict.fromkeys(("other_carrier", "owner", "colleague"), "404"),
            **dict.fromkeys(STAFF[:-1], "200"),
            "administrator": "otp",  # already enrolled: sent to enter a code
        }
    ),
    # ----------------------------------------------------------------------------------------
    # The carrier's dossiers
    # ----------------------------------------------------------------------------------------
    "applications:start": carrier("200", "redirect", other_get="200", other_post="redirect", args=lambda w: {"slug": w.call.slug}),
    "applications:my_applications": carrier("200", "200", other_get="200", other_post="200", args=lambda w: {}),
    "applications:application_detail": carrier("200", "200", args=_dossier),
    "applications:step": carrier("200", "200", args=lambda w: {**_draft(w), "slug": "projet"}),
    "applications:upload": carrier(
        "405", "200", other_get="405", args=lambda w: {**_draft(w), "document_id": w.document.pk}
    ),
    "applications:remove_document": carrier(
        "405", "redirect", other_get="405", args=lambda w: {**_draft(w), "attachment_id": w.draft_attachment.public_id}
    ),
    "applications:submit": carrier("405", "200", other_get="405", args=_draft),
    "applications:attachment_download": carrier(
        "200", "200", args=lambda w: {**_dossier(w), "attachment_id": w.attachment.public_id}
    ),
    "applications:receipt_download": carrier("200", "200", args=_dossier),
    "applications:decision_download": carrier(
        "200", "200", args=lambda w: {"public_id": w.decided.public_id, "decision_id": w.decision.pk}
    ),
    "algorithm_explanation": carrier("200", "200", args=lambda w: {"public_id": w.decided.public_id}),
    "applications:information_request": carrier(
        "200", "redirect", args=lambda w: {**_dossier(w), "request_id": w.information_request.pk}
    ),
    "applications:send_message": carrier("405", "200", other_get="405", args=_dossier),
    "applications:withdraw": carrier("200", "200", args=_dossier),
    # ----------------------------------------------------------------------------------------
    # Staff downloads outside the admin
    # ----------------------------------------------------------------------------------------
    "review_staff_attachment": staff(DOSSIER, not_staff="404", args=lambda w: {"public_id": w.attachment.public_id}),
    # ----------------------------------------------------------------------------------------
    # The staff area: the admin site's own pages
    # ----------------------------------------------------------------------------------------
    "admin:index": staff(ALL_STAFF),
    "admin:login": Row(
        get={**dict.fromkeys(NOT_STAFF, "200"), **dict.fromkeys(STAFF, "redirect")},
        post=dict.fromkeys(ROLES, "200"),
    ),
    "admin:logout": staff("405 " * 6, "redirect " * 6, not_staff="redirect"),
    # The same view, wrapped to end the ProConnect session too (ami_portal/urls.py).
    "gestion/logout/": staff("405 " * 6, "redirect " * 6, not_staff="redirect"),
    "admin:password_change": staff(ALL_STAFF),
    "admin:password_change_done": staff(ALL_STAFF, "405 " * 6),
    "admin:autocomplete": staff(NONE, "405 " * 6),  # without its parameters: nothing to find
    "admin:jsi18n": staff(ALL_STAFF, "405 " * 6),
    "admin:app_list": staff(ALL_STAFF, args=lambda w: {"app_label": "applications"}),
    "admin:view_on_site": staff(
        "redirect " * 6,
        args=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(Application).pk,
            "object_id": w.under_review.pk,
        },
    ),
    "gestion/(?P<url>.*)$": Row(
        get={**dict.fromkeys(NOT_STAFF, "admin_login"), **dict.fromkeys(STAFF, "404")},
        post={**dict.fromkeys(NOT_STAFF, "admin_login"), **dict.fromkeys(STAFF, "404")},
        url="/gestion/inconnu/",
    ),
    # ----------------------------------------------------------------------------------------
    # Configuration and people (Django's standard screens; a missing permission answers 404)
    # ----------------------------------------------------------------------------------------
    **model_admin(
        "auth/group", "group",
        changelist=ADMINISTRATOR_ONLY, add=NONE, history=ADMINISTRATOR_ONLY, delete=NONE,
        change=ADMINISTRATOR_ONLY, change_post=NONE,  # administrators read the groups, never change them
    ),
    **model_admin(
        "dsfr/dsfrconfig", "dsfr_config",
        changelist=NONE, add=NONE, history=NONE, delete=NONE, change=NONE,
    ),
    # Administrators see and remove second-factor devices (a lost phone); nobody reads a secret.
    # (applications.SecondFactorDevice: django-otp's devices, on a French screen without their settings)
    **model_admin(
        "applications/secondfactordevice", "device",
        changelist=ADMINISTRATOR_ONLY, add=NONE, history=ADMINISTRATOR_ONLY, delete=ADMINISTRATOR_ONLY,
        change=ADMINISTRATOR_ONLY, change_post=NONE,
    ),
    # Login lock-outs (django-axes) are superusers' business; they lift by themselves after 15 minutes.
    **model_admin(
        "axes/accessattempt", "attempt",
        changelist=NONE, add=NONE, history=NONE, delete=NONE, change=NONE,
    ),
    **model_admin(
        "axes/accesslog", "access_log",
        changelist=NONE, add=NONE, history=NONE, delete=NONE, change=NONE,
    ),
    **model_admin(
        "axes/accessfailurelog", "failure_log",
        changelist=NONE, add=NONE, history=NONE, delete=NONE, change=NONE,
    ),
    # Calls are read by all staff; administrators configure them.
    **model_admin(
        "applications/call", "call",
        changelist=ALL_STAFF, add=ADMINISTRATOR_ONLY, history=ALL_STAFF, delete=ADMINISTRATOR_ONLY,
        change=ALL_STAFF, change_post=ADMINISTRATOR_ONLY,
    ),
    **model_admin(
        "applications/departement", "departement",
        changelist=ADMINISTRATOR_ONLY, add=NONE, history=ADMINISTRATOR_ONLY, delete=NONE,
        change=ADMINISTRATOR_ONLY,
    ),
    # An organisation is seen by whoever sees one of its submitted dossiers.
    **model_admin(
        "applications/organisation", "organisation",
        changelist=ALL_STAFF, add=ADMINISTRATOR_ONLY, history=DOSSIER, delete=ADMINISTRATOR_ONLY,
        change=DOSSIER, change_post=ADMINISTRATOR_ONLY,
    ),
    **model_admin(
        "applications/user", "owner",
        changelist=ADMINISTRATOR_ONLY, add=ADMINISTRATOR_ONLY, history=ADMINISTRATOR_ONLY,
        delete=ADMINISTRATOR_ONLY, change=ADMINISTRATOR_ONLY,
    ),
    "admin:auth_user_password_change": staff(ADMINISTRATOR_ONLY, args=lambda w: {"id": w.owner.pk}),
    # The audit log is read by the overseers, written by nobody.
    **model_admin(
        "applications/auditentry", "audit_entry",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE, change=OVERSEEING, change_post=NONE,
    ),
    **model_admin(
        "applications/outgoingemail", "email",
        changelist="404 404 404 404 200 200", add=NONE, history="404 404 404 404 200 200", delete=NONE,
        change="404 404 404 404 200 200", change_post="404 404 404 404 redirect redirect",
    ),
    # ----------------------------------------------------------------------------------------
    # Review screens
    # ----------------------------------------------------------------------------------------
    **model_admin(
        "applications/application", "under_review",
        changelist=ALL_STAFF, add=NONE, history=DOSSIER, delete=NONE, change=DOSSIER,
    ),
    "admin:applications_application_assign": staff("404 404 404 redirect 404 redirect"),
    "admin:applications_application_auto_assign": staff("404 404 404 200 404 200"),
    "admin:applications_application_admissibility": staff(
        "404 redirect 404 redirect 404 redirect", args=admin_object("under_review")
    ),
    "admin:applications_application_reopen_admissibility": staff(
        "404 404 404 200 404 200", args=admin_object("under_review")
    ),
    "admin:applications_application_review": staff("404 200 404 404 404 404", args=admin_object("under_review")),
    "admin:applications_application_information": staff(
        "404 redirect 404 redirect 404 redirect", args=admin_object("under_review")
    ),
    "admin:applications_application_conflict": staff("404 200 404 404 404 404", args=admin_object("under_review")),
    # The conversation's reply: POST only; those who answer the carrier (the assigned reviewer, the
    # committee) get the dossier page back with the empty form's errors.
    "admin:applications_application_message": staff(
        "404 404 404 404 404 404", "404 200 404 200 404 404", args=admin_object("under_review")
    ),
    **model_admin(
        "review/review", "review",
        # The assigned reviewer is sent from their draft to the review form.
        changelist=ALL_STAFF, add=NONE, history=DOSSIER, delete=NONE, change="404 redirect 404 200 200 200",
    ),
    "admin:review_review_reopen": staff("404 404 404 200 404 404", args=admin_object("review")),
    **model_admin(
        "review/admissibilitycheck", "admissibility",
        changelist="200 200 200 200 404 200", add=NONE, history="404 200 404 200 404 200", delete=NONE,
        change="404 redirect 404 redirect redirect redirect",
    ),
    **model_admin(
        "review/assignment", "assignment",
        changelist="200 200 200 200 404 200", add=NONE, history="404 200 404 200 404 200",
        delete="404 404 404 200 404 200", change="404 200 404 200 404 200", change_post=NONE,
    ),
    # A reviewer declares and reads their own conflicts; the overseers read them all.
    **model_admin(
        "review/conflictofinterest", "conflict",
        changelist="200 200 200 200 404 200", add="200 200 200 404 404 404",
        history="404 404 200 200 404 200", delete=NONE, change="404 404 200 200 404 200", change_post=NONE,
    ),
    # ----------------------------------------------------------------------------------------
    # Ranking, selection and decisions
    # ----------------------------------------------------------------------------------------
    **model_admin(
        "review/rankingcall", "call",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE, change=OVERSEEING,
    ),
    "admin:review_rankingcall_basis": staff(NONE, "404 404 404 redirect 404 404", args=admin_object("call")),
    "admin:review_rankingcall_csv": staff(OVERSEEING, args=admin_object("call")),
    "admin:review_rankingcall_xlsx": staff(OVERSEEING, args=admin_object("call")),
    **model_admin(
        "review/selectioncall", "call",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE, change=OVERSEEING,
    ),
    "admin:review_selectioncall_proposal": staff(
        "404 404 404 200 404 404",
        args=lambda w: {"object_id": w.call.pk, "application_id": w.decided.pk},
    ),
    "admin:review_selectioncall_bundle": staff(
        OVERSEEING, args=lambda w: {"object_id": w.call.pk, "application_id": w.decided.pk}
    ),
    "admin:review_selectioncall_promote": staff(NONE, "404 404 404 redirect 404 404", args=admin_object("call")),
    "admin:review_selectioncall_generate": staff(NONE, "404 404 404 404 redirect 404", args=admin_object("call")),
    "admin:review_selectioncall_csv": staff(OVERSEEING, args=admin_object("call")),
    "admin:review_selectioncall_xlsx": staff(OVERSEEING, args=admin_object("call")),
    "admin:review_selectioncall_report": staff(OVERSEEING, args=admin_object("call")),
    # No SIRET for the issuing authority yet: the overseers are sent back to fill it in.
    "admin:review_selectioncall_scdl": staff("404 404 404 redirect redirect redirect", args=admin_object("call")),
    **model_admin(
        "review/proposal", "proposal",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE,
        change="404 404 404 redirect redirect redirect",  # shown on the selection screen
    ),
    **model_admin(
        "review/decision", "decision",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE, change=OVERSEEING,
    ),
    "admin:review_decision_pdf": staff(OVERSEEING, args=admin_object("decision")),
    "admin:review_decision_correct": staff("404 404 404 404 200 404", args=admin_object("decision")),
    "admin:review_proposal_preview": staff(
        "404 404 404 404 200 404", args=lambda w: {"preview_id": w.decision_preview.pk}
    ),
    **model_admin(
        "review/generationjob", "generation_job",
        changelist="404 404 404 404 200 200", add=NONE, history="404 404 404 404 200 200", delete=NONE,
        change="404 404 404 404 200 200",
    ),
    "admin:review_generationjob_zip": staff("404 404 404 404 200 200", args=admin_object("generation_job")),
    # Sending one email is a POST of the official who read it (a draft, or a failure sent again).
    "admin:review_decisionemail_send": staff(NONE, "404 404 404 404 redirect 404", args=admin_object("email")),
    **model_admin(
        "review/decisionemail", "email",
        changelist="404 404 404 404 200 404", add=NONE, history="404 404 404 404 200 404", delete=NONE,
        change="404 404 404 404 200 404",
    ),
    **model_admin(
        "django_tasks_database/dbtaskresult", "task_result",
        changelist=ADMINISTRATOR_ONLY, add=NONE, history=ADMINISTRATOR_ONLY, delete=NONE,
        change=ADMINISTRATOR_ONLY, change_post=NONE,
    ),
    # The grant's follow-up (applications/grants): the carrier's pages, the public verification, the staff's.
    "grants:grant": carrier("200", "200", args=lambda w: {"public_id": w.decided.public_id}),
    "grants:convention_pdf": carrier(
        "200", "200", args=lambda w: {"public_id": w.decided.public_id, "convention_id": w.convention.pk}
    ),
    "grants:report": carrier(
        "200", "redirect", args=lambda w: {"public_id": w.decided.public_id, "report_id": w.grant_report.public_id}
    ),
    # A report's supporting file: its organisation's members; staff who see every dossier, at /gestion/.
    "grants:report_file": carrier(
        "200",
        "200",
        args=lambda w: {
            "public_id": w.decided.public_id,
            "report_id": w.grant_report.public_id,
            "file_id": w.report_file.public_id,
        },
    ),
    "grants:staff_report_file": staff(OVERSEEING, not_staff="404", args=lambda w: {"file_id": w.report_file.public_id}),
    "grants:return_order_pdf": carrier("404", "404", args=lambda w: {"public_id": w.decided.public_id}),
    "grants:verify_convention": everyone("200", args=lambda w: {"code": w.convention.verification_code}),
    **model_admin(
        "grants/grant", "grant",
        changelist=OVERSEEING, add=NONE, history=OVERSEEING, delete=NONE, change=OVERSEEING,
    ),
    "admin:grants_grant_open": staff(NONE, "404 404 404 404 redirect 404"),
    "admin:grants_payments_csv": staff(OVERSEEING, args=lambda w: {"call_id": w.call.pk}),
    "admin:grants_payments_xlsx": staff(OVERSEEING, args=lambda w: {"call_id": w.call.pk}),
    "admin:grants_call_followup": staff(OVERSEEING, args=lambda w: {"call_id": w.call.pk}),
    "admin:grants_convention_draft": staff(
        NONE, "404 404 404 404 redirect 404", args=lambda w: {"grant_id": w.grant.pk}
    ),
    "admin:grants_convention_step": staff(
        OVERSEEING, args=lambda w: {"grant_id": w.grant.pk, "convention_id": w.convention.pk, "step": "pdf"}
    ),
    "admin:grants_instalment_step": staff(
        NONE,
        "404 404 404 404 redirect 404",
        args=lambda w: {"grant_id": w.grant.pk, "instalment_id": w.grant_advance.pk, "step": "approbation"},
    ),
    "admin:grants_report": staff(
        OVERSEEING, "404 404 404 404 200 404", args=lambda w: {"grant_id": w.grant.pk, "report_id": w.grant_report.pk}
    ),
    "admin:grants_return_order": staff(NONE, args=lambda w: {"grant_id": w.grant.pk}),
    "admin:grants_grant_terminate": staff(
        NONE, "404 404 404 404 redirect 404", args=lambda w: {"grant_id": w.grant.pk}
    ),
}  # fmt: skip
