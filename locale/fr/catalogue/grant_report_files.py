"""French of the supporting files of grant reports (pièces justificatives) and their history."""

FR = {
    "what the file shows": "ce que montre le fichier",
    "removed at": "retiré le",
    "supporting file of a report": "pièce justificative d'un compte rendu",
    "supporting files of reports": "pièces justificatives des comptes rendus",
    "All the files of a report may not exceed %(cap)s. Your other files already take %(used)s, so this one "
    "(%(size)s) does not fit: use a smaller file, or remove one.": "Les fichiers d'un compte rendu ne peuvent "
    "pas dépasser %(cap)s au total. Vos autres fichiers occupent déjà %(used)s : celui-ci (%(size)s) ne tient "
    "pas. Utilisez un fichier plus léger, ou retirez-en un.",
    "This file is no longer part of the report.": "Ce fichier ne fait plus partie du compte rendu.",
    "Add a supporting file": "Ajouter une pièce justificative",
    "What the file shows (optional)": "Ce que montre le fichier (facultatif)",
    "Your draft has been saved and the file added to the report.": "Votre brouillon est enregistré et le "
    "fichier est ajouté au compte rendu.",
    "Your draft has been saved and the file removed from the report.": "Votre brouillon est enregistré et le "
    "fichier est retiré du compte rendu.",
    "Supporting files": "Pièces justificatives",
    "Invoices, payslips, attendance sheets, photographs of the workshops: the files that support your report. "
    "They are checked like the files of your application.": "Factures, bulletins de paie, feuilles "
    "d'émargement, photographies des ateliers : les pièces qui justifient votre compte rendu. Elles sont "
    "vérifiées comme les pièces de votre dossier.",
    "added on %(date)s": "ajouté le %(date)s",
    "No supporting file yet.": "Aucune pièce justificative pour l'instant.",
    "PDF, ODT, DOCX, ODS, XLSX, PNG or JPEG; maximum size: %(cap)s. The file is added when you save the draft "
    "or send the report.": "PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; taille maximale : %(cap)s. Le fichier "
    "est ajouté quand vous enregistrez le brouillon ou transmettez le compte rendu.",
    "file « %(name)s » added": "fichier « %(name)s » ajouté",
    "file « %(name)s » removed": "fichier « %(name)s » retiré",
    "Files sent with the report": "Fichiers transmis avec le compte rendu",
    "What the file shows": "Ce que montre le fichier",
    "Added": "Ajouté le",
    "removed by the carrier on %(date)s": "retiré par le porteur le %(date)s",
    "No supporting file.": "Aucune pièce justificative.",
    "file added": "fichier ajouté",
    "file removed": "fichier retiré",
    "Report file added": "Pièce ajoutée à un compte rendu",
    "Report file removed": "Pièce retirée d'un compte rendu",
    "The file was not added because of the other errors: choose it again once they are corrected.": "Le "
    "fichier n'a pas été ajouté à cause des autres erreurs : choisissez-le de nouveau une fois celles-ci "
    "corrigées.",
}
