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
