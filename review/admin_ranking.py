"""The committee's ranking screen: a call's admissible dossiers in order, on raw or calibrated
scores, with its CSV and XLSX exports."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.admin_mixins import NotFoundWhenForbidden, ReadOnlyAdminMixin
from applications.models import Application, Call

from . import access, calibration, ranking, scoring
from .models import RankingCall

S = Application.State


# --------------------------------------------------------------------------------------------
# The committee's ranking
# --------------------------------------------------------------------------------------------
@admin.register(RankingCall)
class RankingAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "admissible_count", "basis", "ranking_link"]
    list_per_page = 50

    def may_choose_basis(self, request):
        return scoring.may_reopen(request.user) and request.user.has_perm("review.change_rankingcall")

    def visible_calls(self, request):
        if not access.sees_every_dossier(request.user):
            return RankingCall.objects.none()
        return super().get_queryset(request).exclude(status=Call.Status.DRAFT)

    def get_queryset(self, request):
        return self.visible_calls(request).annotate(
            admissible=Count("applications", filter=Q(applications__state=S.ADMISSIBLE))
        )

    def get_object(self, request, object_id, from_field=None):
        # The ranking screens need the call, not the list's count of its admissible dossiers
        # (a scan of every dossier of the call).
        try:
            return self.visible_calls(request).get(pk=RankingCall._meta.pk.to_python(object_id))
        except (RankingCall.DoesNotExist, ValidationError, ValueError) as exc:
            raise Http404 from exc

    @admin.display(description=gettext_lazy("admissible dossiers"), ordering="admissible")
    def admissible_count(self, obj):
        return obj.admissible

    @admin.display(description=gettext_lazy("scores used for the ranking"))
    def basis(self, obj):
        return obj.get_ranking_basis_display()

    @admin.display(description=gettext_lazy("ranking"))
    def ranking_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:review_rankingcall_change", args=[obj.pk]), _("Open the ranking")
        )

    def get_urls(self):
        return [
            path("<path:object_id>/base/", self.wrap(self.basis_view), name="review_rankingcall_basis"),
            path("<path:object_id>/export.csv", self.wrap(self.csv_view), name="review_rankingcall_csv"),
            path("<path:object_id>/export.xlsx", self.wrap(self.xlsx_view), name="review_rankingcall_xlsx"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        call = self.get_object(request, unquote(object_id))
        basis = ranking.basis_of(call, request.GET.get("base"))
        result = ranking.ranking_page(call, basis=basis, page_number=request.GET.get("page") or 1)
        return self.render(
            request,
            "admin/review/rankingcall/ranking.html",
            {
                "call": call,
                "result": result,
                "basis": basis,
                "basis_label": _("calibrated scores") if basis == ranking.CALIBRATED else _("raw scores"),
                "chosen_basis": call.ranking_basis,
                "bases": [(ranking.RAW, _("Raw scores")), (ranking.CALIBRATED, _("Calibrated scores"))],
                "explanation": calibration.EXPLANATION,
                "may_choose": self.may_choose_basis(request),
                "page_range": result.page.paginator.get_elided_page_range(result.page.number),
            },
            title=_("Ranking — %(call)s") % {"call": call.title},
            obj=call,
        )

    @staticmethod
    def _basis(request, call):
        return ranking.basis_of(call, request.GET.get("base"))

    def basis_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        if request.method != "POST" or not self.may_choose_basis(request):
            raise Http404
        chosen = request.POST.get("ranking_basis")
        if chosen not in ranking.BASES:
            messages.error(request, _("Choose raw or calibrated scores."))
        elif chosen != call.ranking_basis:
            ranking.choose_basis(call=call, basis=chosen, actor=request.user)
            messages.success(
                request,
                _("The ranking now uses the %(basis)s.")
                % {"basis": _("calibrated scores") if chosen == ranking.CALIBRATED else _("raw scores")},
            )
        return redirect(reverse("admin:review_rankingcall_change", args=[call.pk]))

    def csv_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        response = StreamingHttpResponse(
            ranking.csv_lines(call, basis=self._basis(request, call)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="classement-{call.slug}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def xlsx_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        response = HttpResponse(
            ranking.xlsx_bytes(call, basis=self._basis(request, call)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="classement-{call.slug}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
