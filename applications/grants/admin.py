"""Staff screens of the grant's follow-up: the list of grants, one page per grant with its
convention, payments and reports, and the payments export for the accounting service.

Thin screens over ``conventions``, ``payments`` and ``reports``. Those who see every dossier
(committee, officials, administrators) see these pages; only officials act, and the domain checks
it again. Anything a person may not see or do answers 404.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.admin_mixins import NotFoundWhenForbidden
from ami_portal.files import attachment_disposition, serve_private_file
from applications import roles
from applications.formatting import format_euros, paris_time
from applications.forms import EuroField
from applications.models import Call
from review import access
from review.models import Decision

from . import conventions, followup, payments, reports, termination
from .documents import indicator_targets
from .forms import AmendmentForm, CorrectionsForm, PaymentForm, SignatoryForm
from .models import Convention, Grant, Instalment, Report, paid_total

PER_PAGE = 50
TERMINATION = "resiliation"  # the termination form's prefix: its fields never share an id with the countersignature's


class AmendmentAmountForm(AmendmentForm):
    """The amendment's reason, and the amount of the grant it sets (the version in force's by default)."""

    amount = EuroField(
        label=gettext_lazy("Amount of the grant after the amendment (€)"),
        min_value=0,
        help_text=gettext_lazy(
            "Leave it unchanged to keep the amount. Never below what is already approved or paid, nor above "
            "what the call's envelope still allows."
        ),
    )


def may_see(user) -> bool:
    return access.sees_every_dossier(user)


def is_official(user) -> bool:
    return roles.OFFICIAL in roles.staff_roles(user)


def require(condition: bool) -> None:
    if not condition:
        raise Http404


def open_new_grants(*, by) -> int:
    """Open the follow-up of every valid award that has none yet."""
    conventions.require_official(by)
    awards = Decision.objects.filter(
        kind=Decision.Kind.AWARD, status=Decision.Status.ISSUED, grant__isnull=True, application__grant__isnull=True
    ).select_related("application", "call")
    return sum(1 for decision in awards if conventions.open_grant(decision=decision, by=by))


def amendment_initial_amount(grant: Grant, current) -> Decimal:
    """The amount a new amendment starts from: a pending corrective award's, else the current one."""
    pending = grant.pending_correction
    if pending is not None and pending.kind == Decision.Kind.AWARD:
        return pending.amount
    return current.amount if current else grant.amount


@admin.register(Grant)
class GrantAdmin(NotFoundWhenForbidden, admin.ModelAdmin):
    list_display = ["reference", "organisation", "amount_column", "convention_column", "paid_column", "late_column"]
    list_filter = ["application__call"]
    search_fields = ["application__reference", "application__organisation__name"]
    list_per_page = PER_PAGE
    change_list_template = "admin/grants/change_list.html"

    def has_module_permission(self, request):
        return may_see(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        current = Convention.objects.filter(grant=OuterRef("pk")).order_by("-version").values("state")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("application__organisation", "application__call")
            .annotate(
                convention_state=Subquery(current),
                paid_count=Count("instalments", filter=Q(instalments__state=Instalment.State.PAID), distinct=True),
                instalment_count=Count("instalments", distinct=True),
                late_count=Count(
                    "reports",
                    filter=Q(reports__state__in=[Report.State.DRAFT, Report.State.CORRECTIONS])
                    & Q(reports__due_on__lt=paris_time(timezone.now()).date()),
                    distinct=True,
                ),
            )
        )

    @admin.display(description=gettext_lazy("Dossier"), ordering="application__reference")
    def reference(self, obj):
        return obj.application.reference

    @admin.display(description=gettext_lazy("Organisation"))
    def organisation(self, obj):
        return obj.application.organisation.name

    @admin.display(description=gettext_lazy("Amount"))
    def amount_column(self, obj):
        return format_euros(obj.amount)

    @admin.display(description=gettext_lazy("Convention"))
    def convention_column(self, obj):
        if not obj.convention_required:
            return _("Not required")
        return dict(Convention.State.choices).get(obj.convention_state, _("To prepare"))

    @admin.display(description=gettext_lazy("Payments made"))
    def paid_column(self, obj):
        return f"{obj.paid_count} / {obj.instalment_count}"

    @admin.display(description=gettext_lazy("Late reports"))
    def late_column(self, obj):
        return obj.late_count or "—"

    # ----------------------------------------------------------------------------------------
    def get_urls(self):
        urls = [
            path("ouvrir/", self.wrap(self.open_view), name="grants_grant_open"),
            path("paiements/<int:call_id>.csv", self.wrap(self.payments_csv_view), name="grants_payments_csv"),
            path("paiements/<int:call_id>.xlsx", self.wrap(self.payments_xlsx_view), name="grants_payments_xlsx"),
            path("suivi/<int:call_id>/", self.wrap(self.followup_view), name="grants_call_followup"),
            path("<int:grant_id>/convention/", self.wrap(self.draft_view), name="grants_convention_draft"),
            path(
                "<int:grant_id>/convention/<int:convention_id>/<slug:step>/",
                self.wrap(self.convention_view),
                name="grants_convention_step",
            ),
            path(
                "<int:grant_id>/paiement/<int:instalment_id>/<slug:step>/",
                self.wrap(self.instalment_view),
                name="grants_instalment_step",
            ),
            path("<int:grant_id>/compte-rendu/<int:report_id>/", self.wrap(self.report_view), name="grants_report"),
            path(
                "<int:grant_id>/ordre-de-reversement.pdf", self.wrap(self.return_order_view), name="grants_return_order"
            ),
            path("<int:grant_id>/resiliation/", self.wrap(self.terminate_view), name="grants_grant_terminate"),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        require(may_see(request.user))
        calls = Call.objects.filter(applications__grant__isnull=False).distinct().order_by("-opens_at")
        extra = {"export_calls": calls, "may_act": is_official(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def load(self, request, grant_id) -> Grant:
        require(may_see(request.user))
        return get_object_or_404(
            Grant.objects.select_related(
                "application__organisation", "application__call", "decision", "pending_correction"
            ),
            pk=grant_id,
        )

    def grant_url(self, grant) -> str:
        return reverse("admin:grants_grant_change", args=[grant.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        grant = self.load(request, object_id)
        return self.render_grant(request, grant)

    def render_grant(self, request, grant, **forms):
        versions = list(grant.conventions.select_related("accepted_by", "signed_by").order_by("-version"))
        current = versions[0] if versions else None
        instalments = list(grant.instalments.select_related("grant"))
        context = {
            "grant": grant,
            "application": grant.application,
            "versions": versions,
            "current": current,
            "may_act": is_official(request.user),
            "signatory_form": forms.get("signatory_form") or SignatoryForm(initial=self.signatory_initial(request)),
            "withdrawn": conventions.award_withdrawn(grant),
            "may_terminate": is_official(request.user) and termination.may_terminate(grant),
            "termination_form": forms.get("termination_form")
            or SignatoryForm(prefix=TERMINATION, initial=self.signatory_initial(request)),
            "paid_so_far": paid_total(instalments),
            "amendment_form": forms.get("amendment_form")
            or AmendmentAmountForm(initial={"amount": amendment_initial_amount(grant, current)}),
            "payment_forms": {
                i.pk: (forms.get("payment_form") if forms.get("payment_for") == i.pk else PaymentForm())
                for i in instalments
            },
            "instalments": instalments,
            "reports": list(grant.reports.prefetch_related("reminders")),
            "targets": indicator_targets(grant.application),
            "error_form": next((f for f in forms.values() if hasattr(f, "errors") and f.errors), None),
        }
        return self.render(request, "admin/grants/grant.html", context, title=str(grant.application), obj=grant)

    def signatory_initial(self, request) -> dict:
        return {"signatory_name": request.user.get_full_name()}

    def act(self, request, grant, action, success: str):
        try:
            action()
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, success)
        return redirect(self.grant_url(grant))

    # ----------------------------------------------------------------------------------------
    def open_view(self, request):
        require(request.method == "POST" and is_official(request.user))
        opened = open_new_grants(by=request.user)
        messages.success(request, _("%(count)d new grant(s) opened.") % {"count": opened})
        return redirect("admin:grants_grant_changelist")

    def draft_view(self, request, grant_id):
        grant = self.load(request, grant_id)
        require(request.method == "POST" and is_official(request.user))
        reason, amount = request.POST.get("amendment_reason", ""), None
        if grant.conventions.filter(state=Convention.State.SIGNED).exists():
            form = AmendmentAmountForm(request.POST)
            if not form.is_valid():
                return self.render_grant(request, grant, amendment_form=form)
            reason, amount = form.cleaned_data["amendment_reason"], form.cleaned_data["amount"]
        return self.act(
            request,
            grant,
            lambda: conventions.draft_convention(grant=grant, by=request.user, amendment_reason=reason, amount=amount),
            _("A version of the convention was prepared."),
        )

    def convention_view(self, request, grant_id, convention_id, step):
        grant = self.load(request, grant_id)
        convention = get_object_or_404(grant.conventions, pk=convention_id)
        if step == "pdf":
            file = convention.signed_pdf or convention.pdf
            require(bool(file))
            try:
                return serve_private_file(
                    file, download_name=f"{convention.reference}.pdf", content_type="application/pdf"
                )
            except FileNotFoundError:
                raise Http404 from None
        require(request.method == "POST" and is_official(request.user))
        if step == "envoi":
            return self.act(
                request,
                grant,
                lambda: conventions.send_convention(convention=convention, by=request.user),
                _("The convention was sent to the carrier."),
            )
        if step == "signature":
            form = SignatoryForm(request.POST)
            if not form.is_valid():
                return self.render_grant(request, grant, signatory_form=form)
            return self.act(
                request,
                grant,
                lambda: conventions.sign_convention(convention=convention, by=request.user, **form.cleaned_data),
                _("The convention is signed; the first payment is requested."),
            )
        raise Http404

    def terminate_view(self, request, grant_id):
        grant = self.load(request, grant_id)
        require(request.method == "POST" and is_official(request.user))
        form = SignatoryForm(request.POST, prefix=TERMINATION)
        valid = form.is_valid()
        if not valid and termination.may_terminate(grant):
            return self.render_grant(request, grant, termination_form=form)
        signatory = form.cleaned_data if valid else {"signatory_name": "", "signatory_role": ""}
        return self.act(  # a grant that may not be closed: the service's refusal, as a message
            request,
            grant,
            lambda: termination.terminate_grant(grant=grant, by=request.user, **signatory),
            _("The follow-up of the grant is closed; the carrier is told by email."),
        )

    def instalment_view(self, request, grant_id, instalment_id, step):
        grant = self.load(request, grant_id)
        instalment = get_object_or_404(grant.instalments, pk=instalment_id)
        require(request.method == "POST" and is_official(request.user))
        if step == "approbation":
            return self.act(
                request,
                grant,
                lambda: payments.approve_instalment(instalment=instalment, by=request.user),
                _("The payment is approved."),
            )
        if step == "paiement":
            form = PaymentForm(request.POST)
            if form.is_valid():
                try:
                    payments.record_payment(instalment=instalment, by=request.user, **form.cleaned_data)
                except PermissionDenied:
                    raise Http404 from None
                except ValidationError as refusal:
                    if getattr(refusal, "code", None) in form.fields:
                        form.add_error(refusal.code, refusal.messages)
                        form.describe_fields()
                    else:
                        form.add_domain_errors(refusal)
                else:
                    messages.success(request, _("The payment is recorded."))
                    return redirect(self.grant_url(grant))
            return self.render_grant(request, grant, payment_form=form, payment_for=instalment.pk)
        raise Http404

    def report_view(self, request, grant_id, report_id):
        grant = self.load(request, grant_id)
        report = get_object_or_404(grant.reports, pk=report_id)
        lines = reports.prepare_lines(report)
        corrections = CorrectionsForm(request.POST if "corrections" in request.POST else None)
        signatory = SignatoryForm(
            request.POST if "approve" in request.POST else None, initial=self.signatory_initial(request)
        )
        if request.method == "POST":
            require(is_official(request.user))
            try:
                if "corrections" in request.POST and corrections.is_valid():
                    reports.ask_corrections(report=report, by=request.user, comment=corrections.cleaned_data["comment"])
                    messages.success(request, _("The report is sent back to the carrier for corrections."))
                    return redirect(self.grant_url(grant))
                if "approve" in request.POST and signatory.is_valid():
                    reports.approve_report(report=report, by=request.user, **signatory.cleaned_data)
                    messages.success(request, _("The report is approved."))
                    return redirect(self.grant_url(grant))
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as refusal:
                (corrections if "corrections" in request.POST else signatory).add_domain_errors(refusal)
        context = {
            "grant": grant,
            "report": report,
            "lines": [(line, reports.category_label(line), reports.gap_needs_explanation(line)) for line in lines],
            "totals": reports.financial_totals(report),
            "targets": indicator_targets(grant.application),
            "events": list(report.events.select_related("actor")),
            "corrections_form": corrections,
            "signatory_form": signatory,
            "may_act": is_official(request.user) and report.state == Report.State.SUBMITTED,
        }
        return self.render(request, "admin/grants/report.html", context, title=str(report), obj=grant)

    def return_order_view(self, request, grant_id):
        grant = self.load(request, grant_id)
        require(bool(grant.return_order_pdf))
        try:
            return serve_private_file(
                grant.return_order_pdf,
                download_name=f"{grant.return_order_reference}.pdf",
                content_type="application/pdf",
            )
        except FileNotFoundError:
            raise Http404 from None

    def followup_view(self, request, call_id):
        require(may_see(request.user))
        call = get_object_or_404(Call, pk=call_id)
        data = followup.call_followup(call)
        return self.render(
            request,
            "admin/grants/followup.html",
            {"call": call, "data": data, "charts": followup.followup_charts(data)},
            title=_("Follow-up of the grants of %(call)s") % {"call": call.title},
        )

    def payments_csv_view(self, request, call_id):
        require(may_see(request.user))
        call = get_object_or_404(Call, pk=call_id)
        response = StreamingHttpResponse(payments.payments_csv(call), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = attachment_disposition(f"paiements-{call.slug}.csv")
        return response

    def payments_xlsx_view(self, request, call_id):
        require(may_see(request.user))
        call = get_object_or_404(Call, pk=call_id)
        response = HttpResponse(
            payments.payments_xlsx(call),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = attachment_disposition(f"paiements-{call.slug}.xlsx")
        return response
