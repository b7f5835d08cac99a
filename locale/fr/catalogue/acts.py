"""Acts that a court would uphold: the service in charge, the paying programmes, the selection method."""

FR = {
    "review deadline": "date limite d'évaluation",
    "The date by which reviewers submit their scores; shown on their home page.": (
        "La date à laquelle les évaluateurs rendent leurs notes ; affichée sur leur page d'accueil."
    ),
    "convention also for grants of €23,000 or less": "convention aussi pour les subventions de 23 000 € ou moins",
    "A convention is always required above €23,000 (loi n° 2000-321, art. 10).": (
        "Une convention est toujours requise au-delà de 23 000 € (loi n° 2000-321, art. 10)."
    ),
    "postal address of the service in charge": "adresse postale du service instructeur",
    "email of the service in charge": "adresse électronique du service instructeur",
    "phone of the service in charge": "téléphone du service instructeur",
    "paying budget programmes": "programmes budgétaires payeurs",
    "One per line, e.g. « Programme 104 — Intégration et accès à la nationalité française ».": (
        "Un par ligne, par exemple « Programme 104 — Intégration et accès à la nationalité française »."
    ),
    "In order of rank, skipping what no longer fits": "Dans l'ordre du classement, en passant ce qui ne tient plus",
    "The best total score within the envelope and the cap": ("Le meilleur score total dans l'enveloppe et le plafond"),
    "selection method": "méthode de sélection",
    "Published on the call page before anyone applies.": (
        "Publiée sur la page de l'appel avant tout dépôt de dossier."
    ),
    "minimum score (points out of 100)": "score minimal (points sur 100)",
    "No dossier below it is suggested, nor selected without a recorded reason.": (
        "Aucun dossier en dessous n'est suggéré, ni retenu sans motif consigné."
    ),
    "reason for selecting a dossier below the minimum score": "motif de la sélection d'un dossier sous le score minimal",
}

FR.update(
    {
        "place of the selection committee": "lieu de réunion du comité de sélection",
        "Present": "Présent·e",
        "Excused": "Excusé·e",
        "Absent": "Absent·e",
        "order": "ordre",
        "first and last name": "prénom et nom",
        "role and service": "fonction et service",
        "attendance": "présence",
        "chairs the committee": "préside le comité",
        "committee member": "membre du comité",
        "committee members": "membres du comité",
        "The committee has one chair only.": "Le comité n'a qu'une présidence.",
        "The chair signs the procès-verbal: they must be present.": (
            "La présidence signe le procès-verbal : elle doit être présente."
        ),
    }
)
