"""French translations of the second round on hostile input: identifiers, free text, invitations,
encrypted PDFs, drafts per call, bounds of the wizard's numbers and dates, read-only drafts."""

FR = {
    # applications/validators.py
    "Type the SIRET number with the digits 0 to 9 (other scripts' digits are not accepted).": (
        "Saisissez le numéro SIRET avec les chiffres 0 à 9 (les chiffres d'autres écritures ne sont pas acceptés)."
    ),
    # applications/filecheck.py
    "This PDF is protected by a password: it cannot be opened, so it cannot be checked. Save a copy "
    "without the password (or print it to a new PDF), then upload that copy.": (
        "Ce PDF est protégé par un mot de passe : il ne peut pas être ouvert, donc pas être vérifié. "
        "Enregistrez-en une copie sans mot de passe (ou imprimez-le dans un nouveau PDF), puis déposez cette copie."
    ),
    # applications/forms.py: invitations
    "An invitation to this address is already waiting for an answer (sent on %(sent)s, valid until "
    "%(expires)s). Ask your colleague to look for it, including in their spam folder.": (
        "Une invitation à cette adresse attend déjà une réponse (envoyée le %(sent)s, valable jusqu'au "
        "%(expires)s). Demandez à votre collègue de la chercher, y compris dans ses courriers indésirables."
    ),
    (
        "Your organisation has already sent %(limit)d invitation in the last 24 hours, the most allowed. "
        "You can invite more colleagues tomorrow.",
        "Your organisation has already sent %(limit)d invitations in the last 24 hours, the most allowed. "
        "You can invite more colleagues tomorrow.",
    ): (
        "Votre organisme a déjà envoyé %(limit)d invitation ces dernières 24 heures, le maximum autorisé. "
        "Vous pourrez inviter d'autres collègues demain.",
        "Votre organisme a déjà envoyé %(limit)d invitations ces dernières 24 heures, le maximum autorisé. "
        "Vous pourrez inviter d'autres collègues demain.",
    ),
}
