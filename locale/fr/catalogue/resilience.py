"""French for what the closing-day rush and the fault drills changed: the emails screen's action
to send failed emails again (applications/admin.py)."""

FR = {
    "Send the selected failed emails again": "Renvoyer les courriels en échec sélectionnés",
    ("%(count)d failed email queued again.", "%(count)d failed emails queued again."): (
        "%(count)d courriel en échec remis en file d'envoi.",
        "%(count)d courriels en échec remis en file d'envoi.",
    ),
    (
        "%(count)d email not queued: only failed emails are sent again.",
        "%(count)d emails not queued: only failed emails are sent again.",
    ): (
        "%(count)d courriel non renvoyé : seuls les courriels en échec sont renvoyés.",
        "%(count)d courriels non renvoyés : seuls les courriels en échec sont renvoyés.",
    ),
}
