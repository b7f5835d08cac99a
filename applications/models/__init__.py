"""Data and invariants of everything a carrier touches, one module per aggregate.

- ``people``: accounts (``User``, ``SecondFactorDevice``), ``Organisation``, ``Invitation``;
- ``calls``: the ``Call`` and its configuration (``Departement``, ``CommitteeMember``, ``Theme``,
  ``Criterion``, ``RequiredDocument``);
- ``dossiers``: the dossier (``Application``) with its budget, co-fundings, attachments,
  information requests, messages and its ``Receipt``;
- ``records``: the audit log every part of the portal writes to, and ``OutgoingEmail``.

Every model is importable from here (``from applications.models import Call``), as it always was.
"""

from .calls import (
    CONVENTION_THRESHOLD,
    Call,
    CallQuerySet,
    CommitteeMember,
    Criterion,
    Departement,
    RequiredDocument,
    Theme,
)
from .dossiers import (
    Application,
    Attachment,
    BudgetLine,
    CoFunding,
    InformationRequest,
    Message,
    Receipt,
    attachment_upload_to,
    new_receipt_code,
)
from .fields import MONEY
from .people import Invitation, Organisation, SecondFactorDevice, User, UserManager
from .records import AuditChainHead, AuditEntry, OutgoingEmail

__all__ = [
    "CONVENTION_THRESHOLD",
    "MONEY",
    "Application",
    "Attachment",
    "AuditChainHead",
    "AuditEntry",
    "BudgetLine",
    "Call",
    "CallQuerySet",
    "CoFunding",
    "CommitteeMember",
    "Criterion",
    "Departement",
    "InformationRequest",
    "Invitation",
    "Message",
    "Organisation",
    "OutgoingEmail",
    "Receipt",
    "RequiredDocument",
    "SecondFactorDevice",
    "Theme",
    "User",
    "UserManager",
    "attachment_upload_to",
    "new_receipt_code",
]
