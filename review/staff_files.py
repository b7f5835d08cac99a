"""Staff downloads of a dossier's files, after the same access check as the admin screens.

A reviewer who is not assigned to the dossier, or who declared a conflict of interest with its
organisation, gets a 404, exactly as for a file that does not exist.
"""

from django.conf import settings
from django.http import Http404

from ami_portal.files import serve_private_file
from applications.filecheck import CONTENT_TYPES

from . import access


def staff_verified(user) -> bool:
    """A staff member who signed in with their second factor, when the portal requires one."""
    if not getattr(settings, "AMI_REQUIRE_STAFF_OTP", False):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def attachment_download(request, public_id):
    user = request.user
    if not access.is_staff_member(user) or not staff_verified(user):
        raise Http404
    attachment = access.visible_attachments(user).filter(public_id=public_id).first()
    if attachment is None:
        raise Http404
    try:
        return serve_private_file(
            attachment.file,
            download_name=attachment.original_name,
            content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
