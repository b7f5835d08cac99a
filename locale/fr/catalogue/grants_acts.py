"""French for the grant's acts: the ordre de reversement as an act, amendments changing the amount,
and the verification page of conventions and ordres de reversement (applications/grants,
review/verification.py, templates/review/verify_*.html)."""

FR = {
    # Amendments changing the amount
    "Amount of the grant after the amendment (€)": "Montant de la subvention après l’avenant (€)",
    "Leave it unchanged to keep the amount. Never below what is already approved or paid, nor above "
    "what the call's envelope still allows.": (
        "Laissez-le inchangé pour garder le montant. Jamais inférieur à ce qui est déjà approuvé ou versé, "
        "ni supérieur à ce que l’enveloppe de l’appel permet encore."
    ),
    "The amount of the grant must be positive.": "Le montant de la subvention doit être positif.",
    "The final report is approved and the grant settled: an amendment can no longer change its amount.": (
        "Le compte rendu final est approuvé et la subvention soldée : un avenant ne peut plus en modifier le montant."
    ),
    "The new amount (%(amount)s) is below what is already approved or paid (%(fixed)s): "
    "an amendment cannot take it back.": (
        "Le nouveau montant (%(amount)s) est inférieur à ce qui est déjà approuvé ou versé (%(fixed)s) : "
        "un avenant ne peut pas le reprendre."
    ),
    "Every instalment is already approved or paid (%(fixed)s): no payment is left to carry "
    "the new amount (%(amount)s).": (
        "Tous les versements sont déjà approuvés ou payés (%(fixed)s) : aucun versement ne reste pour "
        "porter le nouveau montant (%(amount)s)."
    ),
    "The new amount (%(amount)s) is above what the call's envelope still allows this grant "
    "(%(room)s: envelope of %(envelope)s, of which %(others)s awarded to the other dossiers).": (
        "Le nouveau montant (%(amount)s) dépasse ce que l’enveloppe de l’appel permet encore pour cette "
        "subvention (%(room)s : enveloppe de %(envelope)s, dont %(others)s attribués aux autres dossiers)."
    ),
    "The first version of the convention states the awarded amount; amend it once signed.": (
        "La première version de la convention reprend le montant attribué ; modifiez-le par avenant une "
        "fois la convention signée."
    ),
    "amount of the grant in this version (€)": "montant de la subvention dans cette version (€)",
    # The ordre de reversement as an act
    "Ordre de reversement no. %(reference)s": "Ordre de reversement n° %(reference)s",
    "verification code of the ordre de reversement": "code de vérification de l’ordre de reversement",
    "fingerprint of the ordre de reversement": "empreinte de l’ordre de reversement",
    "signatory of the ordre de reversement": "signataire de l’ordre de reversement",
    "role of the signatory of the ordre de reversement": "qualité du signataire de l’ordre de reversement",
    "unspent funds to be returned by": "sommes non employées à reverser au plus tard le",
    # Verification page: conventions
    "Convention in force": "Convention en vigueur",
    "This convention was accepted by the beneficiary and signed by the administration on %(date)s "
    "through this portal; it is in force.": (
        "Cette convention a été acceptée par le bénéficiaire et signée par l’administration le %(date)s "
        "sur ce portail ; elle est en vigueur."
    ),
    "Convention replaced by an amendment": "Convention remplacée par un avenant",
    "This version was replaced by the amendment %(reference)s: it is no longer in force.": (
        "Cette version a été remplacée par l’avenant %(reference)s : elle n’est plus en vigueur."
    ),
    "This version was replaced by an amendment: it is no longer in force.": (
        "Cette version a été remplacée par un avenant : elle n’est plus en vigueur."
    ),
    "Convention not signed yet": "Convention pas encore signée",
    "This version was sent to the beneficiary through this portal but is not signed by the "
    "administration yet: it is not in force.": (
        "Cette version a été adressée au bénéficiaire sur ce portail mais n’est pas encore signée par "
        "l’administration : elle n’est pas en vigueur."
    ),
    "The file you gave is exactly a PDF of this convention issued by the portal (the version sent to "
    "the beneficiary or the countersigned one: same SHA-256 fingerprint).": (
        "Le fichier fourni est exactement un PDF de cette convention émis par le portail (la version adressée "
        "au bénéficiaire ou la version contresignée : même empreinte SHA-256)."
    ),
    "This file is not the convention issued": "Ce fichier n’est pas la convention émise",
    "Act": "Acte",
    "Amendment no. %(number)s to the grant convention": "Avenant n° %(number)s à la convention attributive de subvention",
    "Grant convention": "Convention attributive de subvention",
    "Amount of the grant": "Montant de la subvention",
    "previously %(amount)s": "auparavant %(amount)s",
    "from %(start)s to %(end)s": "du %(start)s au %(end)s",
    # Verification page: ordres de reversement
    "Ordre de reversement %(reference)s": "Ordre de reversement %(reference)s",
    "Genuine ordre de reversement": "Ordre de reversement authentique",
    "This ordre de reversement was issued through this portal on %(date)s: %(organisation)s is to "
    "return %(amount)s of unspent grant.": (
        "Cet ordre de reversement a été émis sur ce portail le %(date)s : %(organisation)s doit reverser "
        "%(amount)s de subvention non employée."
    ),
    "The file you gave is exactly the PDF of this ordre de reversement (same SHA-256 fingerprint).": (
        "Le fichier fourni est exactement le PDF de cet ordre de reversement (même empreinte SHA-256)."
    ),
    "This file is not the ordre de reversement issued": "Ce fichier n’est pas l’ordre de reversement émis",
    "What the ordre de reversement states": "Ce que mentionne l’ordre de reversement",
    "Ordre de reversement of unspent grant": "Ordre de reversement d’une subvention non employée",
    "Issued on": "Émis le",
    "Amount to return": "Somme à reverser",
    "To be returned by": "À reverser au plus tard le",
    "Award decision": "Décision attributive",
}
