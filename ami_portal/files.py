"""The one way a private file leaves the portal: after the caller's permission check.

Views look the object up *scoped to the user* (404 otherwise), then hand its file to
``serve_private_file``. The answer is always an attachment (the browser never renders an uploaded
file inline), its name is RFC 5987-encoded, and ``X-Content-Type-Options: nosniff`` stops type
guessing. The bytes are streamed from whatever storage holds them — the local disk in the
embedded profile, a private S3 bucket in production — so app servers share nothing local.

With S3 and ``AMI_S3_SIGNED_REDIRECT=1`` the view answers with a redirect to a signed URL valid
for ``AMI_S3_SIGNED_URL_EXPIRY`` seconds (60 by default) instead of proxying the bytes; the
permission check has already happened, and the signed URL forces the same download name and type.
"""

import errno
import os
import unicodedata
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse

CHUNK_SIZE = 64 * 1024
DEFAULT_CONTENT_TYPE = "application/octet-stream"


# What a storage raises when it cannot take or give a file: the local disk full or unwritable
# (OSError: ENOSPC, EACCES…), the bucket unreachable or refusing (botocore's errors).
# FileNotFoundError is an OSError too: callers that mean « missing » catch it first.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
# The subset that means « the storage is unavailable », whichever code meets it: the bucket out of
# reach or refusing, the disk full, read-only or failing. Answered 503 with a French page
# (ami_portal.middleware.StorageUnavailableMiddleware), never a 500.
UNAVAILABLE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


def storage_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, (BotoCoreError, ClientError)):
        return not (isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey"})
    return isinstance(exc, OSError) and exc.errno in UNAVAILABLE_ERRNOS


def attachment_disposition(download_name: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the RFC 5987 ``filename*``.

    The name is NFKC-normalised (no full-width « ．ｅｘｅ » reaches the browser's save dialog) and
    loses control and format characters (a right-to-left override would reorder it on screen).
    """
    name = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch  # a line break separates words; it is never kept
        for ch in unicodedata.normalize("NFKC", download_name)
        if unicodedata.category(ch) == "Cc" or unicodedata.category(ch)[0] != "C"
    )
    name = " ".join(name.replace("/", "_").replace("\\", "_").split()) or "document"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(c if c.isprintable() and c not in '"%;' else "_" for c in ascii_name)
    ascii_name = " ".join(ascii_name.split()) or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(name, safe='')}"


def _is_s3(storage: Storage) -> bool:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a runtime dependency
        return False
    return isinstance(storage, S3Storage)


def _signed_redirect_enabled() -> bool:
    return os.environ.get("AMI_S3_SIGNED_REDIRECT", "").strip().lower() in {"1", "true", "yes", "on"}


def _signed_url_expiry() -> int:
    return max(1, min(int(os.environ.get("AMI_S3_SIGNED_URL_EXPIRY", "60")), 300))


def _secure(response, *, disposition: str | None = None):
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # A private file must not sit in a shared cache on its way to the user.
    response["Cache-Control"] = "private, no-store"
    return response


def _s3_stream(storage, name: str, *, content_type: str, disposition: str) -> StreamingHttpResponse:
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    try:
        body = storage.bucket.Object(key).get()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
            raise FileNotFoundError(name) from exc
        raise
    stream = body["Body"]

    def chunks():
        try:
            yield from stream.iter_chunks(CHUNK_SIZE)
        finally:
            stream.close()

    response = StreamingHttpResponse(chunks(), content_type=content_type)
    if body.get("ContentLength") is not None:
        response["Content-Length"] = str(body["ContentLength"])
    return _secure(response, disposition=disposition)


def serve_private_file(
    file: FieldFile | str,
    *,
    download_name: str,
    content_type: str = DEFAULT_CONTENT_TYPE,
    storage: Storage | None = None,
):
    """Answer with the bytes of ``file`` as a download named ``download_name``.

    ``file`` is a model's ``FieldFile`` (``attachment.file``) or a storage name (then ``storage``,
    or the default storage, holds it). Call it only after the permission check; a missing file
    raises ``FileNotFoundError`` on every storage, which the caller may turn into 404.
    """
    if isinstance(file, FieldFile):
        storage = file.storage
        name = file.name
    else:
        storage = storage or default_storage
        name = file
    if not name:
        raise FileNotFoundError("This record has no file.")
    content_type = content_type or DEFAULT_CONTENT_TYPE
    disposition = attachment_disposition(download_name)

    if _is_s3(storage):
        if _signed_redirect_enabled():
            url = storage.url(
                name,
                parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
                expire=_signed_url_expiry(),
            )
            return _secure(HttpResponseRedirect(url))
        return _s3_stream(storage, name, content_type=content_type, disposition=disposition)

    handle = storage.open(name, "rb")
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=download_name)
    return _secure(response, disposition=disposition)
