"""The grant's follow-up in the carrier's space, and the public verification of conventions."""

from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("dossiers/<uuid:public_id>/suivi/", views.grant_page, name="grant"),
    path("dossiers/<uuid:public_id>/convention/<int:convention_id>/pdf/", views.convention_pdf, name="convention_pdf"),
    path("dossiers/<uuid:public_id>/comptes-rendus/<uuid:report_id>/", views.report, name="report"),
    path(
        "dossiers/<uuid:public_id>/comptes-rendus/<uuid:report_id>/pieces/<uuid:file_id>/",
        views.report_file,
        name="report_file",
    ),
    # Staff downloads live under /gestion/ like the dossiers' files (review/staff_urls.py).
    path("gestion/fichiers/comptes-rendus/<uuid:file_id>/", views.staff_report_file, name="staff_report_file"),
    path("dossiers/<uuid:public_id>/ordre-de-reversement/", views.return_order_pdf, name="return_order_pdf"),
    path("conventions/verifier/<str:code>/", views.verify_convention, name="verify_convention"),
]
