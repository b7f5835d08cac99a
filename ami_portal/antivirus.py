"""ClamAV's daemon (``clamd``) scans every uploaded file before it is stored.

The bytes are streamed to the daemon over its socket (``INSTREAM``) with ``clamav-client``; the
file never touches the daemon's disk, so clamd needs no access to the portal's storage. Where the
daemon listens is ``AMI_CLAMAV_SOCKET``: a Unix socket's path (Debian: the production profile's
default ``/var/run/clamav/clamd.ctl``), ``tcp://host:port``, or ``off`` — no scanning, the
embedded profile's default, where no daemon runs.

When the daemon does not answer, the upload is refused with a message asking to try again in a
few minutes (the rest of the dossier is kept: nothing was stored yet). ``AMI_ANTIVIRUS_FAIL_OPEN=1``
stores the file unscanned instead, and logs it: a choice to make on purpose, never a default.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from clamav_client.clamd import BufferTooLongError, ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger("ami_portal.antivirus")

DISABLED = {"", "off", "none", "0"}


class ScannerUnavailable(Exception):
    """The daemon did not answer, or answered something else than a verdict."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def _client():
    where = (getattr(settings, "AMI_CLAMAV_SOCKET", "") or "").strip()
    if where.lower() in DISABLED:
        return None
    timeout = float(getattr(settings, "AMI_CLAMAV_TIMEOUT", 30))
    if where.startswith("tcp://"):
        parts = urlsplit(where)
        return ClamdNetworkSocket(host=parts.hostname or "127.0.0.1", port=parts.port or 3310, timeout=timeout)
    return ClamdUnixSocket(path=where, timeout=timeout)


def scanning_enabled() -> bool:
    return _client() is not None


def scan(handle) -> Verdict:
    """Stream ``handle`` (a binary file object, read from its start) to the daemon."""
    client = _client()
    if client is None:
        return Verdict(clean=True)
    handle.seek(0)
    try:
        answer = client.instream(handle)
    except BufferTooLongError as exc:
        raise ScannerUnavailable("the file is larger than the daemon's StreamMaxLength") from exc
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    finally:
        handle.seek(0)
    status, signature = answer.get("stream", (None, None))
    if status == "OK":
        return Verdict(clean=True)
    if status == "FOUND":
        return Verdict(clean=False, signature=signature or "")
    raise ScannerUnavailable(f"unexpected answer: {answer!r}")


def check_upload(handle, *, name: str) -> None:
    """Refuse (``ValidationError``, in French) a file the daemon finds infected, or any file while
    the daemon is unavailable, unless fail-open was chosen."""
    try:
        verdict = scan(handle)
    except ScannerUnavailable as exc:
        if getattr(settings, "AMI_ANTIVIRUS_FAIL_OPEN", False):
            logger.error("antivirus unavailable, %s stored unscanned (AMI_ANTIVIRUS_FAIL_OPEN): %s", name, exc)
            return
        logger.error("antivirus unavailable, upload of %s refused: %s", name, exc)
        raise ValidationError(
            _(
                "The antivirus check is unavailable for the moment, so this file was not saved. "
                "Please try again in a few minutes; the rest of your dossier is kept."
            ),
            code="antivirus_unavailable",
        ) from exc
    if not verdict.clean:
        logger.warning("antivirus: %s refused, signature %s", name, verdict.signature)
        raise ValidationError(
            _("The antivirus found malicious content in this file (%(signature)s): it was not saved."),
            code="infected",
            params={"signature": verdict.signature},
        )


def health() -> dict:
    """For ``/health/``: the daemon answers PING, or scanning is off."""
    client = _client()
    if client is None:
        return {"scanning": "off"}
    try:
        answer = client.ping()
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    if answer != "PONG":
        raise ScannerUnavailable(f"unexpected answer to PING: {answer!r}")
    return {"scanning": "clamd"}
