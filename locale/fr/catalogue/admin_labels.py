"""Field labels that the staff screens show as column headers, filters and form labels."""

FR = {
    "public identifier": "identifiant public",
    "sequence number": "numéro d'ordre",
    "version": "version",
    "created by": "créé par",
    "organisation confirmed at": "organisme confirmé le",
    "sworn by": "attesté sur l'honneur par",
    "dossier": "dossier",
    "checked by": "vérifié par",
    "reviewer": "instructeur ou instructrice",
    "assigned by": "affecté par",
    "proposed by": "proposé par",
    "verification code": "code de vérification",
    "signed by": "signé par",
    "corrected decision": "décision corrigée",
    "PDF file": "fichier PDF",
    "requested by": "demandé par",
    "decisions to generate": "décisions à produire",
    "decisions generated": "décisions produites",
    "ZIP archive": "archive ZIP",
}
