"""Staff URLs outside the admin's own routing (mounted under /gestion/fichiers/)."""

from django.urls import path

from . import staff_files

urlpatterns = [
    path("pieces/<uuid:public_id>/", staff_files.attachment_download, name="review_staff_attachment"),
]
