from django.urls import path

from .views import dossiers

app_name = "applications"

urlpatterns = [
    path("mes-dossiers/", dossiers.my_applications, name="my_applications"),
    path("dossiers/<uuid:public_id>/", dossiers.application_detail, name="application_detail"),
]
