"""Staff screens. Each area registers its own ModelAdmins in its module."""

from . import admin_decisions, admin_dossiers, admin_ranking, admin_review, admin_selection  # noqa: F401
