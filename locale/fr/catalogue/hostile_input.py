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
    # applications/forms.py, forms_wizard.py: realistic bounds
    "Enter a number of at most %(max)s: check for an extra digit.": (
        "Saisissez un nombre au plus égal à %(max)s : vérifiez qu'aucun chiffre n'est en trop."
    ),
    "Enter a date between %(earliest)s and %(latest)s.": "Saisissez une date comprise entre le %(earliest)s et le %(latest)s.",
    # applications/wizard.py: drafts per call, read-only drafts
    (
        "Your organisation already has %(count)d draft for this call, the most allowed. Continue it, or "
        "withdraw it from its page if you no longer need it.",
        "Your organisation already has %(count)d drafts for this call, the most allowed. Continue one of them, or "
        "withdraw one you no longer need from its page.",
    ): (
        "Votre organisme a déjà %(count)d brouillon pour cet appel, le maximum autorisé. Poursuivez-le, ou "
        "retirez-le depuis sa page si vous n'en avez plus besoin.",
        "Votre organisme a déjà %(count)d brouillons pour cet appel, le maximum autorisé. Poursuivez l'un d'eux, "
        "ou retirez depuis sa page celui dont vous n'avez plus besoin.",
    ),
    "The call closed on %(date)s at %(time)s (Paris time): this draft can no longer be changed nor "
    "submitted. It stays here, read-only, for your records.": (
        "L'appel a été clôturé le %(date)s à %(time)s (heure de Paris) : ce brouillon ne peut plus être modifié "
        "ni déposé. Il reste consultable ici, en lecture seule."
    ),
    # templates/applications/wizard/step.html, documents.html
    "Read-only draft": "Brouillon en lecture seule",
}
