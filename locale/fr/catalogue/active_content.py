"""Active content found by parsing Office documents and PDFs (applications/active_content.py)."""

FR = {
    "This Word document": "Ce document Word",
    "This Excel workbook": "Ce classeur Excel",
    "This PowerPoint presentation": "Ce diaporama PowerPoint",
    "This OpenDocument text": "Ce document texte OpenDocument",
    "This OpenDocument spreadsheet": "Ce classeur OpenDocument",
    "This document": "Ce document",
    "%(document)s contains macros: it cannot be uploaded. Save a copy without macros (as .docx, .xlsx, .odt or .ods), then upload that copy.": (
        "%(document)s contient des macros : il ne peut pas être déposé. Enregistrez-en une copie sans macros "
        "(au format .docx, .xlsx, .odt ou .ods), puis déposez cette copie."
    ),
    "%(document)s runs scripts or macros on events (opening, a click…): it cannot be uploaded. Export it to PDF, then upload the PDF.": (
        "%(document)s lance des scripts ou des macros sur des événements (ouverture, clic…) : il ne peut pas "
        "être déposé. Exportez-le en PDF, puis déposez ce PDF."
    ),
    "%(document)s contains ActiveX controls: it cannot be uploaded. Remove them, or export the document to PDF, then upload the new file.": (
        "%(document)s contient des contrôles ActiveX : il ne peut pas être déposé. Supprimez-les, ou exportez "
        "le document en PDF, puis déposez le nouveau fichier."
    ),
    "%(document)s contains an embedded or linked object (OLE) that can run a program: it cannot be uploaded. Remove the object, or export the document to PDF, then upload the new file.": (
        "%(document)s contient un objet incorporé ou lié (OLE) qui peut lancer un programme : il ne peut pas "
        "être déposé. Supprimez l'objet, ou exportez le document en PDF, puis déposez le nouveau fichier."
    ),
    "%(document)s uses a remote template, fetched from another server when it opens: it cannot be uploaded. Save a copy detached from its template (or export it to PDF), then upload that copy.": (
        "%(document)s fait appel à un modèle distant, téléchargé depuis un autre serveur à l'ouverture : il ne "
        "peut pas être déposé. Enregistrez-en une copie détachée de son modèle (ou exportez-le en PDF), puis "
        "déposez cette copie."
    ),
    "%(document)s is linked to other files whose data it fetches when it opens (external links): it cannot be uploaded. Break the links (paste the values), then upload the new copy.": (
        "%(document)s est lié à d'autres fichiers dont il va chercher les données à l'ouverture (liaisons "
        "externes) : il ne peut pas être déposé. Rompez les liaisons (collez les valeurs), puis déposez la "
        "nouvelle copie."
    ),
    "%(document)s fetches content from another server or computer when it opens (%(what)s): it cannot be uploaded. Include that content in the document (or export it to PDF), then upload the new file.": (
        "%(document)s va chercher un contenu sur un autre serveur ou un autre ordinateur à l'ouverture "
        "(%(what)s) : il ne peut pas être déposé. Intégrez ce contenu au document (ou exportez-le en PDF), "
        "puis déposez le nouveau fichier."
    ),
    "%(document)s contains a document in another format (RTF or HTML) that Word converts when it opens, with whatever it holds: it cannot be uploaded. Paste that content into the document, then upload the new copy.": (
        "%(document)s contient un document dans un autre format (RTF ou HTML), que Word convertit à "
        "l'ouverture avec tout ce qu'il contient : il ne peut pas être déposé. Collez-en le contenu dans le "
        "document, puis déposez la nouvelle copie."
    ),
    "%(document)s contains DDE fields or links, which can launch programs: it cannot be uploaded. Remove them (or export the document to PDF), then upload the new file.": (
        "%(document)s contient des champs ou des liaisons DDE, qui peuvent lancer des programmes : il ne peut "
        "pas être déposé. Supprimez-les (ou exportez le document en PDF), puis déposez le nouveau fichier."
    ),
    "This PDF contains scripts (JavaScript): it cannot be uploaded.": (
        "Ce PDF contient des scripts (JavaScript) : il ne peut pas être déposé."
    ),
    "This PDF contains an action that opens a program (Launch): it cannot be uploaded.": (
        "Ce PDF contient une action qui ouvre un programme (Launch) : il ne peut pas être déposé."
    ),
    "This PDF opens a web address by itself, when it opens or when the mouse passes over it (URI): it cannot be uploaded.": (
        "Ce PDF ouvre de lui-même une adresse internet, à l'ouverture ou au passage de la souris (URI) : il ne "
        "peut pas être déposé."
    ),
    "This PDF contains an action that opens another file (%(action)s): it cannot be uploaded.": (
        "Ce PDF contient une action qui ouvre un autre fichier (%(action)s) : il ne peut pas être déposé."
    ),
    "This PDF contains a form that sends its data over the internet (SubmitForm): it cannot be uploaded.": (
        "Ce PDF contient un formulaire qui envoie ses données sur internet (SubmitForm) : il ne peut pas être déposé."
    ),
    "This PDF contains an action that imports data from another file (ImportData): it cannot be uploaded.": (
        "Ce PDF contient une action qui importe des données d'un autre fichier (ImportData) : il ne peut pas "
        "être déposé."
    ),
    "This PDF contains active multimedia content (%(action)s): it cannot be uploaded.": (
        "Ce PDF contient un contenu multimédia actif (%(action)s) : il ne peut pas être déposé."
    ),
    "This PDF contains embedded files (attachments): it cannot be uploaded.": (
        "Ce PDF contient des fichiers incorporés (pièces jointes) : il ne peut pas être déposé."
    ),
    "This PDF contains a dynamic XFA form: it cannot be uploaded.": (
        "Ce PDF contient un formulaire dynamique XFA : il ne peut pas être déposé."
    ),
    "Print the document to a new PDF, then upload that one.": (
        "Imprimez le document dans un nouveau PDF, puis déposez ce dernier."
    ),
    "This document is too complex to be checked. Save it again (or print it to a new PDF), then upload the new copy.": (
        "Ce document est trop complexe pour être vérifié. Enregistrez-le à nouveau (ou imprimez-le dans un "
        "nouveau PDF), puis déposez la nouvelle copie."
    ),
}
