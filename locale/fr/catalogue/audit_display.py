"""The audit log as staff read it on a dossier (review/templatetags/review_admin.py)."""

FR = {
    "Draft created": "Brouillon créé",
    "File added or replaced": "Fichier ajouté ou remplacé",
    "File removed": "Fichier retiré",
    "Request for more information answered": "Demande de compléments satisfaite",
    "Message sent": "Message envoyé",
    "Committee's proposal recorded": "Proposition du comité enregistrée",
    "Committee's proposal removed": "Proposition du comité retirée",
    "Promoted from the waiting list": "Repêché sur la liste d'attente",
    "Waiting list closed": "Liste d'attente close",
    "Decision signed": "Décision signée",
    "Decision email sent": "Courriel de décision envoyé",
    "Decision email sent again": "Courriel de décision renvoyé",
    "Email sent again": "Courriel renvoyé",
    "Grant follow-up opened": "Suivi de la subvention ouvert",
    "Convention drafted": "Convention rédigée",
    "Convention sent to the carrier": "Convention envoyée au porteur",
    "Convention accepted by the carrier": "Convention acceptée par le porteur",
    "Convention signed": "Convention signée",
    "Payment requested": "Versement demandé",
    "Payment approved": "Versement approuvé",
    "Payment made": "Versement effectué",
    "Report submitted": "Compte rendu déposé",
    "Report approved": "Compte rendu approuvé",
    "Corrections asked on a report": "Corrections demandées sur un compte rendu",
    "Grant settled": "Subvention soldée",
    "Order to return unspent funds issued": "Ordre de reversement émis",
    "written by": "écrit par",
    "files": "fichiers",
    "file": "fichier",
    "document": "pièce",
    "sections": "rubriques",
    "documents": "pièces",
    "the ministry": "le ministère",
    "the carrier": "le porteur",
}

# The official's home: the grants' reports (review/staff_home.py, templates/admin/review/home/_official.html).
FR.update(
    {
        "Reports of the grants": "Comptes rendus des subventions",
        ("%(counter)s report past its due date", "%(counter)s reports past their due date"): (
            "%(counter)s compte rendu en retard",
            "%(counter)s comptes rendus en retard",
        ),
        ("%(counter)s report filed, to review", "%(counter)s reports filed, to review"): (
            "%(counter)s compte rendu déposé, à examiner",
            "%(counter)s comptes rendus déposés, à examiner",
        ),
        "due on %(date)s": "attendu le %(date)s",
    }
)
