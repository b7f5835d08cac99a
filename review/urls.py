from django.urls import path, re_path

from . import views

urlpatterns = [
    path("verifier/", views.verify_decision_form, name="verify_decision_form"),
    # The short URL printed under the QR code has no trailing slash (nothing to mistype); both work.
    re_path(r"^v/(?P<code>[^/]{1,100})/?$", views.verify_decision, name="verify_decision"),
    path(
        "dossiers/<uuid:public_id>/explication-algorithme.pdf",
        views.algorithm_explanation_pdf,
        name="algorithm_explanation",
    ),
]
