"""The exact permissions of each staff group. Applied by a migration and by ``seed_demo``."""

from applications import roles

VIEW_DOSSIER = [
    "applications.view_application",
    "applications.view_organisation",
    "applications.view_attachment",
    "applications.view_budgetline",
    "applications.view_cofunding",
    "applications.view_informationrequest",
    "applications.view_message",
    "applications.view_call",
    "applications.view_criterion",
]

GROUP_PERMISSIONS = {
    roles.GROUP_REVIEWERS: VIEW_DOSSIER
    + [
        "applications.add_informationrequest",
        "applications.add_message",
        "review.view_assignment",
        "review.add_admissibilitycheck",
        "review.change_admissibilitycheck",
        "review.view_admissibilitycheck",
        "review.add_conflictofinterest",
        "review.view_conflictofinterest",
        "review.add_review",
        "review.change_review",
        "review.view_review",
        "review.add_score",
        "review.change_score",
        "review.view_score",
    ],
    roles.GROUP_COMMITTEE: VIEW_DOSSIER
    + [
        "applications.view_auditentry",
        "applications.add_informationrequest",
        "applications.add_message",
        "review.add_assignment",
        "review.change_assignment",
        "review.delete_assignment",
        "review.view_assignment",
        "review.view_admissibilitycheck",
        "review.change_admissibilitycheck",
        "review.view_conflictofinterest",
        "review.view_review",
        "review.change_review",
        "review.view_score",
        "review.add_proposal",
        "review.change_proposal",
        "review.view_proposal",
        "review.view_decision",
        "review.view_rankingcall",
        "review.change_rankingcall",
        "review.view_selectioncall",
        "review.change_selectioncall",
    ],
    roles.GROUP_OFFICIALS: VIEW_DOSSIER
    + [
        "applications.view_auditentry",
        "applications.view_outgoingemail",
        "applications.change_outgoingemail",
        "review.view_review",
        "review.view_score",
        "review.view_proposal",
        "review.add_decision",
        "review.view_decision",
        "review.add_generationjob",
        "review.view_generationjob",
        "review.view_rankingcall",
        "review.view_selectioncall",
        "review.view_decisionemail",
        "review.change_decisionemail",
    ],
}

# Administrators configure calls and manage people; they never edit reviews, decisions or the log.
ADMIN_EXCLUDED = {
    "applications.change_auditentry",
    "applications.delete_auditentry",
    "applications.add_auditentry",
    "applications.delete_application",
    "review.change_decision",
    "review.delete_decision",
    "review.change_review",
    "review.delete_review",
    "review.change_score",
    "review.delete_score",
    # The committee alone chooses raw or calibrated scores for the ranking.
    "review.change_rankingcall",
    # Staff enrol their own second factor; administrators only see and remove devices (a lost phone).
    "otp_totp.add_totpdevice",
    "otp_totp.change_totpdevice",
    "applications.add_secondfactordevice",  # the same devices, as the admin shows them
    "applications.change_secondfactordevice",
}


def sync_group_permissions(Group, Permission) -> None:
    """Create the four staff groups and give each exactly its permissions."""
    all_codes = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=["applications", "review", "auth", "otp_totp"]
        )
    }
    wanted = dict(GROUP_PERMISSIONS)
    wanted[roles.GROUP_ADMINISTRATORS] = [
        code for code in all_codes if code not in ADMIN_EXCLUDED and not code.startswith("auth.")
    ] + ["auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"]
    for name, codes in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([all_codes[code] for code in codes if code in all_codes])


def sync_groups_migration(apps, schema_editor) -> None:
    """The data migration that brings the staff groups' permissions in line with this module.

    Permissions of models added since are created first (Django creates them only after all
    migrations have run); then each group gets exactly its permissions.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_group_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
