"""The antivirus check of uploads (ami_portal/antivirus.py)."""

FR = {
    "The antivirus check is unavailable for the moment, so this file was not saved. Please try again in a few minutes; the rest of your dossier is kept.": (
        "La vérification antivirus est indisponible pour le moment : ce fichier n'a pas été enregistré. "
        "Réessayez dans quelques minutes ; le reste de votre dossier est conservé."
    ),
    "The antivirus found malicious content in this file (%(signature)s): it was not saved.": (
        "L'antivirus a trouvé un contenu malveillant dans ce fichier (%(signature)s) : il n'a pas été enregistré."
    ),
}
