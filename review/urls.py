from django.urls import path

from . import views

urlpatterns = [
    path("verifier/", views.verify_decision_form, name="verify_decision_form"),
    path("v/<str:code>/", views.verify_decision, name="verify_decision"),
]
