from django.urls import path

from .views import dossiers, wizard

app_name = "applications"

urlpatterns = [
    path("appels/<slug:slug>/deposer/", wizard.start, name="start"),
    path("mes-dossiers/", dossiers.my_applications, name="my_applications"),
    path("dossiers/<uuid:public_id>/", dossiers.application_detail, name="application_detail"),
    path("dossiers/<uuid:public_id>/etapes/<slug:slug>/", wizard.step, name="step"),
    path("dossiers/<uuid:public_id>/pieces/<int:document_id>/", wizard.upload, name="upload"),
    path(
        "dossiers/<uuid:public_id>/pieces/retirer/<uuid:attachment_id>/", wizard.remove_document, name="remove_document"
    ),
    path("dossiers/<uuid:public_id>/deposer/", wizard.submit, name="submit"),
    path(
        "dossiers/<uuid:public_id>/fichiers/<uuid:attachment_id>/",
        dossiers.attachment_download,
        name="attachment_download",
    ),
    path("dossiers/<uuid:public_id>/attestation-de-depot/", dossiers.receipt_download, name="receipt_download"),
    path(
        "dossiers/<uuid:public_id>/decisions/<int:decision_id>/", dossiers.decision_download, name="decision_download"
    ),
    path(
        "dossiers/<uuid:public_id>/demandes/<int:request_id>/", dossiers.information_request, name="information_request"
    ),
    path("dossiers/<uuid:public_id>/messages/", dossiers.send_message, name="send_message"),
    path("dossiers/<uuid:public_id>/retrait/", dossiers.withdraw, name="withdraw"),
]
