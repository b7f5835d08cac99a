"""French translations of the second round on hostile input: identifiers, free text, invitations,
encrypted PDFs, drafts per call, bounds of the wizard's numbers and dates, read-only drafts."""

FR = {
    # applications/validators.py
    "Type the SIRET number with the digits 0 to 9 (other scripts' digits are not accepted).": (
        "Saisissez le numéro SIRET avec les chiffres 0 à 9 (les chiffres d'autres écritures ne sont pas acceptés)."
    ),
}
