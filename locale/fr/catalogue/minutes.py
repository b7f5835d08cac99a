"""The committee's procès-verbal (review/exports.py, templates/pdf/committee_report.html)."""

FR = {
    "Withdrawn by the carrier": "Retiré par le porteur",
    "No proposal recorded": "Aucune proposition consignée",
    "Awarded: %(amount)s.": "Attribué : %(amount)s.",
    "Reduced amount: %(reason)s": "Montant réduit : %(reason)s",
    "Below the minimum score: %(reason)s": "Sous le score minimal : %(reason)s",
    "Rank %(rank)s on the waiting list.": "Rang %(rank)s sur la liste d'attente.",
    "Rank %(rank)s, score %(score)s / 100.": "Rang %(rank)s au classement, score %(score)s / 100.",
    "Rank %(rank)s.": "Rang %(rank)s au classement.",
    "Electronic seal of %(service)s": "Cachet électronique de : %(service)s",
    "for the chair, %(name)s": "pour la présidence, %(name)s",
    "on %(date)s": "le %(date)s",
    "Place: %(place)s.": "Lieu : %(place)s.",
    "Place of the meeting not recorded.": "Lieu de la réunion non consigné.",
    "chair": "présidence",
    "Nobody.": "Personne.",
    "Members present": "Présents",
    "Excused or absent": "Excusés ou absents",
    "Attendance not recorded in the call's configuration.": (
        "Présences non consignées dans la configuration de l'appel."
    ),
    "Conflicts of interest": "Conflits d'intérêts",
    "Person": "Personne",
    "Tie declared": "Lien déclaré",
    "Withdrew from": "S'est retiré·e de",
    "Each person who declared a tie took no part in reviewing or discussing the dossiers named.": (
        "Chaque personne ayant déclaré un lien n'a pris part ni à l'instruction ni aux délibérations "
        "des dossiers cités."
    ),
    "No conflict of interest was declared.": "Aucun conflit d'intérêts n'a été déclaré.",
    "Selection method": "Méthode de sélection",
    "Method published with the call: %(method)s.": "Méthode publiée avec l'appel : %(method)s.",
    "The suggestions and the committee's choice": "Les suggestions et le choix du comité",
    "Method": "Méthode",
    "Dossiers": "Dossiers",
    "Total score": "Score total",
    "Compared with the committee's choice": "Par rapport au choix du comité",
    "the call's method": "méthode de l'appel",
    "Same dossiers.": "Mêmes dossiers.",
    "Different: %(difference)s points from the committee's choice.": (
        "Différente : %(difference)s points d'écart avec le choix du comité."
    ),
    "Not proven optimal.": "Optimalité non prouvée.",
    "The committee's choice": "Le choix du comité",
    "The committee followed the suggestion of the call's method.": (
        "Le comité a suivi la suggestion de la méthode de l'appel."
    ),
    "The committee departed from the suggestion: its reasons are given for each dossier below.": (
        "Le comité s'est écarté de la suggestion : ses motifs sont donnés pour chaque dossier ci-dessous."
    ),
    "Every dossier, its outcome and the reason": "Chaque dossier, sa décision et son motif",
    "Signature": "Signature",
    "The chair of the committee, %(name)s, %(role)s.": "Le président ou la présidente du comité, %(name)s, %(role)s.",
    "The chair of the committee (not recorded in the call's configuration).": (
        "Le président ou la présidente du comité (non consigné dans la configuration de l'appel)."
    ),
}

# Electronic signatures of the acts and their verification (ami_portal/pades.py, review/verification.py).
FR.update(
    {
        "Signed electronically by %(name)s": "Signé électroniquement par %(name)s",
        "Decision no. %(reference)s": "Décision n° %(reference)s",
        "Acknowledgement of receipt of dossier %(reference)s": "Accusé de réception du dossier %(reference)s",
        "Valid electronic signature": "Signature électronique valide",
        "The file carries the electronic signature of « %(signer)s », made on %(date)s (Paris time, %(level)s), by a certificate this portal trusts, and nothing in it changed since.": (
            "Le fichier porte la signature électronique de « %(signer)s », apposée le %(date)s (heure de Paris, "
            "%(level)s), par un certificat que ce portail reconnaît, et rien n'y a changé depuis."
        ),
        "Modified after signing": "Modifié après signature",
        "The file was changed after its electronic signature, or its signature is damaged: do not rely on it.": (
            "Le fichier a été modifié après sa signature électronique, ou sa signature est endommagée : "
            "ne vous y fiez pas."
        ),
        "Signed by an unknown certificate": "Signé par un certificat inconnu",
        "The file is signed by « %(signer)s », a certificate this portal does not recognise as the administration's: do not rely on it.": (
            "Le fichier est signé par « %(signer)s », un certificat que ce portail ne reconnaît pas comme celui "
            "de l'administration : ne vous y fiez pas."
        ),
        "Certificate expired or revoked": "Certificat expiré ou révoqué",
        "The certificate of « %(signer)s » that signed the file was expired or revoked: the signature cannot be trusted.": (
            "Le certificat de « %(signer)s » qui a signé le fichier était expiré ou révoqué : la signature n'est "
            "pas digne de confiance."
        ),
        "No electronic signature in this file": "Aucune signature électronique dans ce fichier",
        "The file carries no electronic signature: only its fingerprint tells whether it is the act issued.": (
            "Le fichier ne porte pas de signature électronique : seule son empreinte indique s'il s'agit de "
            "l'acte délivré."
        ),
    }
)

# The file storage out of reach or full (applications/attachments.py, ami_portal/middleware.py).
FR.update(
    {
        "The file could not be stored: the storage is unavailable for the moment. Try again in a few minutes; the rest of your dossier is kept.": (
            "Le fichier n'a pas pu être enregistré : le stockage des fichiers est momentanément indisponible. "
            "Réessayez dans quelques minutes ; le reste de votre dossier est conservé."
        ),
        "File storage unavailable": "Stockage des fichiers indisponible",
        "File storage unavailable for the moment": "Stockage des fichiers momentanément indisponible",
        "Error 503": "Erreur 503",
        "The portal's files cannot be read or stored for the moment. Nothing you had already saved is lost. Try again in a few minutes.": (
            "Les fichiers du portail ne peuvent être ni lus ni enregistrés pour le moment. Rien de ce que vous "
            "aviez déjà enregistré n'est perdu. Réessayez dans quelques minutes."
        ),
    }
)
