"""Acts: the official reads the very PDFs before signing them (review.previews)."""

FR = {
    "prepared by": "préparé par",
    "prepared at": "préparé le",
    "decision preview": "aperçu de décision",
    "decision previews": "aperçus de décision",
    "preview signed": "aperçu signé",
    "Preview the decisions and read them before signing.": (
        "Prévisualisez les décisions et lisez-les avant de les signer."
    ),
    "%(count)d decision(s) signed: the documents you read; they are being sealed and stored.": (
        "%(count)d décision(s) signée(s) : les documents que vous avez lus ; ils sont en cours de scellement "
        "et d'archivage."
    ),
    "The preview of %(dossier)s is no longer valid: preview the decisions again before signing.": (
        "L'aperçu de %(dossier)s n'est plus valable : prévisualisez de nouveau les décisions avant de les signer."
    ),
    "%(dossier)s changed since you previewed its decision (proposal, grounds, signature or the call's "
    "mentions): preview the decisions again and read them before signing.": (
        "%(dossier)s a changé depuis l'aperçu de sa décision (proposition, motifs, signature ou mentions de "
        "l'appel) : prévisualisez de nouveau les décisions et lisez-les avant de signer."
    ),
    "%(dossier)s was not in the preview you read: preview the decisions again.": (
        "%(dossier)s ne figurait pas dans l'aperçu que vous avez lu : prévisualisez de nouveau les décisions."
    ),
    "Preview and sign at most %(count)d decisions at a time.": (
        "Prévisualisez et signez au plus %(count)d décisions à la fois."
    ),
    "Read the decisions before signing them": "Lisez les décisions avant de les signer",
    "Each file below is the very document that will be issued if you sign today: same reference, same "
    "verification code, same date, same text. Signing seals these files electronically without changing a "
    "byte of them. If anything changes before you sign (a proposal, the signature, the call's mentions), "
    "signing is refused and you preview again.": (
        "Chaque fichier ci-dessous est le document même qui sera émis si vous signez aujourd'hui : même "
        "référence, même code de vérification, même date, même texte. La signature scelle ces fichiers "
        "électroniquement sans en changer un octet. Si quelque chose change avant que vous ne signiez (une "
        "proposition, la signature, les mentions de l'appel), la signature est refusée et vous prévisualisez "
        "de nouveau."
    ),
    "Decisions to read": "Décisions à lire",
    "Read decision %(reference)s (PDF)": "Lire la décision %(reference)s (PDF)",
    "These decisions cannot be signed": "Ces décisions ne peuvent pas être signées",
    ("Sign the decision I have read", "Sign the %(counter)s decisions I have read"): (
        "Signer la décision lue",
        "Signer les %(counter)s décisions lues",
    ),
    "Preview again": "Prévisualiser de nouveau",
    "Preview the decisions": "Prévisualiser les décisions",
    "Preview the corrected decision and read it before signing.": (
        "Prévisualisez la décision corrigée et lisez-la avant de la signer."
    ),
    "Read the corrected decision before signing it": "Lisez la décision corrigée avant de la signer",
    "This file is the very document that will be issued if you sign today: same reference, same verification "
    "code, same date, same text. Signing seals it electronically without changing a byte of it. If anything "
    "changes before you sign, signing is refused and you preview again.": (
        "Ce fichier est le document même qui sera émis si vous signez aujourd'hui : même référence, même code "
        "de vérification, même date, même texte. La signature le scelle électroniquement sans en changer un "
        "octet. Si quelque chose change avant que vous ne signiez, la signature est refusée et vous "
        "prévisualisez de nouveau."
    ),
    "Sign the corrected decision I have read": "Signer la décision corrigée lue",
    "Preview the corrected decision": "Prévisualiser la décision corrigée",
    # The selection screen's envelope gauge, when the envelope is exceeded (never « −X € restants »).
    "{awarded} awarded of {envelope} — exceeded by {excess}": "{awarded} attribués sur {envelope} — dépassement de {excess}",
    "%(awarded)s awarded of %(envelope)s — exceeded by %(excess)s": (
        "%(awarded)s attribués sur %(envelope)s — dépassement de %(excess)s"
    ),
}
