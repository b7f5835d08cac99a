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
    # ami_portal/middleware.py and templates/429.html
    ("Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes."): (
        "Réessayez dans %(minutes)s minute.",
        "Réessayez dans %(minutes)s minutes.",
    ),
    "Your session has expired. Log in again to go on.": "Votre session a expiré. Reconnectez-vous pour continuer.",
    "Too many requests": "Trop de demandes",
    "Error 429": "Erreur 429",
    "For your security, this action is limited to a few attempts in a row from the same connection or for the "
    "same email address.": (
        "Pour votre sécurité, cette action est limitée à quelques essais d'affilée depuis une même connexion "
        "ou pour une même adresse électronique."
    ),
    # ami_portal/otp_views.py and templates/otp/
    "Six-digit code shown by your authentication app": "Code à six chiffres affiché par votre application d'authentification",
    "Enter the six-digit code shown by your authentication app.": (
        "Saisissez le code à six chiffres affiché par votre application d'authentification."
    ),
    "The code is made of six digits, for example 123456.": "Le code comporte six chiffres, par exemple 123456.",
    "Your authentication app is registered. It will be asked at each login.": (
        "Votre application d'authentification est enregistrée. Son code vous sera demandé à chaque connexion."
    ),
    "This code is not the one expected. Check the time of your phone and try again.": (
        "Ce code n'est pas celui attendu. Vérifiez l'heure de votre téléphone et réessayez."
    ),
    "This code is not valid. Enter the code shown now by your app; after several wrong codes, wait a little "
    "before trying again.": (
        "Ce code n'est pas valide. Saisissez le code affiché en ce moment par votre application ; après plusieurs "
        "codes erronés, patientez un peu avant de réessayer."
    ),
    "Set up your second factor": "Activer votre second facteur d'authentification",
    "The staff area holds dossiers, personal data and decisions: besides your password, it asks for a code from "
    "an authentication app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft "
    "Authenticator).": (
        "L'espace de gestion contient des dossiers, des données personnelles et des décisions : en plus de votre "
        "mot de passe, il demande un code fourni par une application d'authentification sur votre téléphone "
        "(par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator)."
    ),
    "Open your authentication app and add an account.": "Ouvrez votre application d'authentification et ajoutez un compte.",
    "Scan this QR code:": "Scannez ce QR code :",
    "QR code to scan with your authentication app": "QR code à scanner avec votre application d'authentification",
    "If you cannot scan it, type this key in the app:": "Si vous ne pouvez pas le scanner, saisissez cette clé dans l'application :",
    "Enter the six-digit code the app shows to confirm.": "Saisissez le code à six chiffres affiché par l'application pour confirmer.",
    "Confirm": "Confirmer",
    "Second factor": "Second facteur d'authentification",
    "Enter the code shown by your authentication app to open the staff area.": (
        "Saisissez le code affiché par votre application d'authentification pour accéder à l'espace de gestion."
    ),
    "Lost your phone? Ask an administrator to remove your device: you will then register a new one.": (
        "Téléphone perdu ? Demandez à un administrateur de supprimer votre appareil : vous en enregistrerez un nouveau."
    ),
    # applications/management/commands/verify_audit_chain.py
    "Verify the audit log's hash chain and report its first broken link.": (
        "Vérifie le chaînage des empreintes du journal d'audit et signale le premier maillon rompu."
    ),
    ("Audit chain intact: %(count)s entry checked.", "Audit chain intact: %(count)s entries checked."): (
        "Chaîne du journal d'audit intacte : %(count)s entrée vérifiée.",
        "Chaîne du journal d'audit intacte : %(count)s entrées vérifiées.",
    ),
    "Last fingerprint: %(fingerprint)s (note it outside the portal to compare next time).": (
        "Dernière empreinte : %(fingerprint)s (notez-la hors du portail pour la comparer la prochaine fois)."
    ),
    ("%(count)s entry before it is intact.", "The %(count)s entries before it are intact."): (
        "%(count)s entrée antérieure est intacte.",
        "Les %(count)s entrées antérieures sont intactes.",
    ),
    "Audit chain broken after its last entry (no. %(id)s, written on %(when)s): the chain's head records the "
    "fingerprint %(recorded)s, the last entry has %(found)s. The entries written after it were deleted.": (
        "Chaîne du journal d'audit rompue après sa dernière entrée (n° %(id)s, écrite le %(when)s) : la tête de la "
        "chaîne indique l'empreinte %(recorded)s, la dernière entrée porte %(found)s. Les entrées écrites "
        "après elle ont été supprimées."
    ),
    "Audit chain broken at entry no. %(id)s, written on %(when)s, action « %(action)s ».": (
        "Chaîne du journal d'audit rompue à l'entrée n° %(id)s, écrite le %(when)s, action « %(action)s »."
    ),
    "Its content no longer matches its fingerprint (recorded %(recorded)s, content now gives %(found)s): "
    "this entry was modified after it was written.": (
        "Son contenu ne correspond plus à son empreinte (enregistrée : %(recorded)s, contenu actuel : "
        "%(found)s) : cette entrée a été modifiée après son écriture."
    ),
    "It is the first entry left but it refers to an earlier one (%(recorded)s): the entries before it were deleted.": (
        "C'est la première entrée restante, mais elle se rattache à une entrée antérieure (%(recorded)s) : "
        "les entrées qui la précédaient ont été supprimées."
    ),
    "It does not follow the entry before it (no. %(previous)s): it refers to %(recorded)s, that entry's "
    "fingerprint is %(found)s. An entry between them was deleted, or entries were inserted or reordered.": (
        "Elle ne suit pas l'entrée qui la précède (n° %(previous)s) : elle se rattache à %(recorded)s, "
        "l'empreinte de cette entrée est %(found)s. Une entrée a été supprimée entre les deux, ou des entrées "
        "ont été insérées ou réordonnées."
    ),
    "Audit chain broken: the log is empty, but the chain's head records the fingerprint %(recorded)s. "
    "Every entry was deleted.": (
        "Chaîne du journal d'audit rompue : le journal est vide, mais la tête de la chaîne indique l'empreinte "
        "%(recorded)s. Toutes les entrées ont été supprimées."
    ),
    # applications/retention.py and applications/management/commands/anonymise_expired.py
    "Removed at the end of the retention period.": "Supprimé à l'échéance de la durée de conservation.",
    "Retention period over (%(days)s days).": "Durée de conservation échue (%(days)s jours).",
    "Anonymise the dossiers of carriers that were not selected once their retention period is over, "
    "keeping the statistics.": (
        "Anonymise les dossiers des porteurs non retenus une fois leur durée de conservation échue, "
        "en gardant les statistiques."
    ),
    "Retention period in days (default: the AMI_RETENTION_DAYS setting).": (
        "Durée de conservation en jours (par défaut : le réglage AMI_RETENTION_DAYS)."
    ),
    "List what would be anonymised; change nothing.": "Liste ce qui serait anonymisé, sans rien modifier.",
    "The retention period must be at least one day.": "La durée de conservation doit être d'au moins un jour.",
    "retention period: %(days)s days, last act before %(date)s": (
        "durée de conservation : %(days)s jours, dernier acte avant le %(date)s"
    ),
    "No dossier to anonymise (%(period)s).": "Aucun dossier à anonymiser (%(period)s).",
    "%(dossier)s — %(state)s, last act on %(date)s": "%(dossier)s — %(state)s, dernier acte le %(date)s",
    "draft no. %(id)s": "brouillon n° %(id)s",
    ("%(count)s dossier would be anonymised", "%(count)s dossiers would be anonymised"): (
        "%(count)s dossier serait anonymisé",
        "%(count)s dossiers seraient anonymisés",
    ),
    ("%(count)s file would be deleted", "%(count)s files would be deleted"): (
        "%(count)s fichier serait supprimé",
        "%(count)s fichiers seraient supprimés",
    ),
    (
        "the contact details of %(count)s organisation would be removed",
        "the contact details of %(count)s organisations would be removed",
    ): (
        "les coordonnées de %(count)s organisation seraient retirées",
        "les coordonnées de %(count)s organisations seraient retirées",
    ),
    "Dry run, nothing changed: %(dossiers)s, %(files)s, %(organisations)s (%(period)s).": (
        "Simulation, rien n'a été modifié : %(dossiers)s, %(files)s, %(organisations)s (%(period)s)."
    ),
    ("%(count)s dossier anonymised", "%(count)s dossiers anonymised"): (
        "%(count)s dossier anonymisé",
        "%(count)s dossiers anonymisés",
    ),
    ("%(count)s file deleted", "%(count)s files deleted"): (
        "%(count)s fichier supprimé",
        "%(count)s fichiers supprimés",
    ),
    (
        "contact details of %(count)s organisation removed",
        "contact details of %(count)s organisations removed",
    ): (
        "coordonnées de %(count)s organisation retirées",
        "coordonnées de %(count)s organisations retirées",
    ),
    "%(dossiers)s, %(files)s, %(organisations)s (%(period)s).": "%(dossiers)s, %(files)s, %(organisations)s (%(period)s).",
    # applications/admin.py — SecondFactorDeviceAdmin; applications/models.py — SecondFactorDevice
    "second-factor device": "appareil de second facteur",
    "second-factor devices": "appareils de second facteur",
    "Search by the account's e-mail address, first name or last name, or by the device's name.": "Recherche par adresse électronique, prénom ou nom du compte, ou par nom de l'appareil.",
    "account": "compte",
    "name of the device": "nom de l'appareil",
    "enrolled on": "enregistré le",
    "last used on": "dernière utilisation le",
    "failed codes in a row": "codes erronés consécutifs",
    # applications/models.py — AuditEntry, OutgoingEmail
    "object type": "type d'objet",
    "object id": "identifiant de l'objet",
    "fingerprint of the previous entry": "empreinte de l'entrée précédente",
    "fingerprint": "empreinte",
    "attachment's path": "emplacement de la pièce jointe",
    "sending error": "erreur d'envoi",
    "fingerprint of the content": "empreinte du contenu",
    "content erased on": "contenu effacé le",
    "Its texts were erased, but no anonymisation at the end of a retention period names it: they were "
    "removed outside the retention command.": (
        "Ses textes ont été effacés, mais aucune anonymisation en fin de durée de conservation ne la cite : "
        "ils ont été supprimés en dehors de la commande de conservation."
    ),
}
