"""French translations of the security area: file inspection, rate limits, second factor, retention."""

FR = {
    # applications/filecheck.py
    "The file name contains invisible or control characters: rename the file, then upload it again.": (
        "Le nom du fichier contient des caractères invisibles ou de contrôle : renommez le fichier, "
        "puis déposez-le à nouveau."
    ),
    "The file name may not contain a folder path (« / », « \\ » or « .. »): rename the file.": (
        "Le nom du fichier ne peut pas contenir de chemin de dossier (« / », « \\ » ou « .. ») : renommez le fichier."
    ),
    "The file name is too long (%(length)s characters; at most %(max)s): rename the file.": (
        "Le nom du fichier est trop long (%(length)s caractères ; %(max)s au plus) : renommez le fichier."
    ),
    "The content of this file is not an accepted format: it is a program (an executable), not a document. "
    "Accepted formats: %(formats)s.": (
        "Le contenu de ce fichier n'est pas dans un format accepté : c'est un programme (un exécutable), "
        "pas un document. Formats acceptés : %(formats)s."
    ),
    "The content of this file is not an accepted format: it is a web page, a script or an SVG image, "
    "not a document. Accepted formats: %(formats)s.": (
        "Le contenu de ce fichier n'est pas dans un format accepté : c'est une page web, un script ou une image "
        "SVG, pas un document. Formats acceptés : %(formats)s."
    ),
    "The content of this file is not an accepted format: it is a compressed archive, not a document. "
    "Accepted formats: %(formats)s.": (
        "Le contenu de ce fichier n'est pas dans un format accepté : c'est une archive compressée, "
        "pas un document. Formats acceptés : %(formats)s."
    ),
    "This file is a %(kind)s file, which this document does not accept. Accepted formats: %(formats)s.": (
        "Ce fichier est un fichier %(kind)s, que cette pièce n'accepte pas. Formats acceptés : %(formats)s."
    ),
    "This file hides other content (another file, a web page or a script) inside or after its own. "
    "Save or export the document again, then upload the new copy.": (
        "Ce fichier cache un autre contenu (un autre fichier, une page web ou un script) dans ou après le sien. "
        "Enregistrez ou exportez à nouveau le document, puis déposez la nouvelle copie."
    ),
    "Password-protected PDF files are not accepted: remove the password, then upload the document again.": (
        "Les fichiers PDF protégés par un mot de passe ne sont pas acceptés : retirez le mot de passe, "
        "puis déposez à nouveau le document."
    ),
    "Documents containing active content (macros, ActiveX controls, remote templates) are not accepted.": (
        "Les documents contenant du contenu actif (macros, contrôles ActiveX, modèles distants) ne sont pas acceptés."
    ),
}
