"""French translations of the acknowledgement of receipt: its model, its email, its verification page.

The acknowledgement itself (templates/pdf/acknowledgement.html) is an administrative act written in
French: it has no msgid.
"""

FR = {
    # Model
    "acknowledgement of receipt": "accusé de réception",
    "acknowledgements of receipt": "accusés de réception",
    # Email (templates/emails/submitted*.txt)
    "Acknowledgement of receipt of your dossier %(reference)s": "Accusé de réception de votre dossier %(reference)s",
    "Received on %(date)s at %(time)s (Paris time).": "Reçu le %(date)s à %(time)s (heure de Paris).",
    "The acknowledgement of receipt no. %(reference)s is attached to this email. Keep it: it proves the date "
    "your request was received and lists each file with its SHA-256 fingerprint.": (
        "L'accusé de réception n° %(reference)s est joint à ce courriel. Conservez-le : il prouve la date de "
        "réception de votre demande et liste chaque fichier avec son empreinte SHA-256."
    ),
    "Your request is of a financial nature: two months of silence from the administration mean that it is "
    "rejected. Without an express decision, it will be deemed rejected on %(date)s. The acknowledgement of "
    "receipt states the service in charge of your dossier and how to appeal.": (
        "Votre demande présente un caractère financier : le silence gardé pendant deux mois par l'administration "
        "vaut décision de rejet. À défaut de décision expresse, elle sera réputée rejetée le %(date)s. L'accusé "
        "de réception indique le service chargé de votre dossier ainsi que les voies et délais de recours."
    ),
    "Anyone can check that the acknowledgement is genuine here:": (
        "Chacun peut vérifier l'authenticité de l'accusé de réception ici :"
    ),
    # Verification pages (templates/review/verify_form.html, verify_receipt.html)
    "The acknowledgements of receipt of the dossiers carry one too: check them here the same way.": (
        "Les accusés de réception des dossiers en portent aussi : vérifiez-les ici de la même façon."
    ),
    "Acknowledgement of receipt %(reference)s": "Accusé de réception %(reference)s",
    "Genuine acknowledgement of receipt": "Accusé de réception authentique",
    "Acknowledgement of receipt no. %(reference)s, dossier %(dossier)s, submitted on %(date)s at %(time)s "
    "(Paris time).": (
        "Accusé de réception n° %(reference)s, dossier %(dossier)s, déposé le %(date)s à %(time)s (heure de Paris)."
    ),
    "It proves that the request was received through this portal on that date. It is not a decision on the request.": (
        "Il prouve que la demande a été reçue par ce portail à cette date. Ce n'est pas une décision sur la demande."
    ),
    "The file you gave is exactly the PDF of this acknowledgement of receipt (same SHA-256 fingerprint).": (
        "Le fichier que vous avez fourni est exactement le PDF de cet accusé de réception (même empreinte SHA-256)."
    ),
    "This file is not the acknowledgement of receipt issued": "Ce fichier n'est pas l'accusé de réception délivré",
    "What the acknowledgement of receipt states": "Ce qu'indique l'accusé de réception",
    "Service in charge": "Service chargé du dossier",
    "Received on": "Reçu le",
    "Applicant": "Demandeur",
}
