"""The conversation about a dossier (applications/conversation.py, the carrier's and the staff's
dossier pages, its emails, the bundle)."""

FR = {
    # applications/conversation.py
    "This dossier is withdrawn: no more messages can be sent.": (
        "Ce dossier est retiré : il n'est plus possible d'envoyer de message."
    ),
    "This dossier is archived: its retention period is over and its content was erased, so no message can be "
    "added to it. Write to the service in charge of the call if you need to.": (
        "Ce dossier est archivé : sa durée de conservation est écoulée et son contenu a été effacé, aucun message "
        "ne peut donc y être ajouté. Si besoin, écrivez au service chargé de l'appel."
    ),
    (
        "You have sent %(count)s message about this dossier in the last hour, the most one may send. Wait a "
        "little before writing again.",
        "You have sent %(count)s messages about this dossier in the last hour, the most one may send. Wait a "
        "little before writing again.",
    ): (
        "Vous avez envoyé %(count)s message sur ce dossier dans la dernière heure, le maximum autorisé. Patientez "
        "un peu avant d'écrire de nouveau.",
        "Vous avez envoyé %(count)s messages sur ce dossier dans la dernière heure, le maximum autorisé. "
        "Patientez un peu avant d'écrire de nouveau.",
    ),
    ("Attach at most %(count)s file to a message.", "Attach at most %(count)s files to a message."): (
        "Joignez au plus %(count)s fichier à un message.",
        "Joignez au plus %(count)s fichiers à un message.",
    ),
    # applications/forms_followup.py
    "Attached files (optional)": "Fichiers joints (facultatif)",
    "Up to %(count)s files of %(size)s at most each: %(kinds)s.": (
        "Jusqu'à %(count)s fichiers de %(size)s au plus chacun : %(kinds)s."
    ),
    # applications/models
    "read at": "lu le",
    # review/admin_dossiers.py
    "Your message has been sent to the carrier.": "Votre message a été envoyé au porteur.",
    # templates/applications/application_detail.html, my_applications.html
    "Messages about this dossier, oldest first": "Messages sur ce dossier, du plus ancien au plus récent",
    "New": "Nouveau",
    "read by the ministry on %(when)s": "lu par le ministère le %(when)s",
    "not read yet by the ministry": "pas encore lu par le ministère",
    ("%(counter)s unread", "%(counter)s unread"): ("%(counter)s non lu", "%(counter)s non lus"),
    # templates/admin/review/application/_conversation.html
    "Conversation with the carrier": "Échanges avec le porteur",
    "Staff: %(who)s": "Services : %(who)s",
    "a staff member": "un agent",
    "Carrier: %(who)s (%(organisation)s)": "Porteur : %(who)s (%(organisation)s)",
    "a former member": "un ancien membre",
    "Read by the carrier on %(when)s.": "Lu par le porteur le %(when)s.",
    "Read by the staff on %(when)s.": "Lu par les services le %(when)s.",
    "Not read yet by the carrier.": "Pas encore lu par le porteur.",
    "New: not read yet by the staff.": "Nouveau : pas encore lu par les services.",
    "Reply to the carrier": "Répondre au porteur",
    "The carrier is told by email that a message is waiting; the email does not contain it.": (
        "Le porteur est prévenu par courriel qu'un message l'attend ; le courriel ne le contient pas."
    ),
    # templates/pdf/dossier_review.html
    "read on %(when)s": "lu le %(when)s",
    "not read": "non lu",
    "Attached file: %(name)s (SHA-256 %(sha)s)": "Fichier joint : %(name)s (SHA-256 %(sha)s)",
    # templates/emails/message_to_carrier*.txt, message_to_staff*.txt
    "The ministry has written to you about the dossier %(reference)s.": (
        "Le ministère vous a écrit au sujet du dossier %(reference)s."
    ),
    "For the confidentiality of your dossier, the message is not in this email. Sign in to read it, and to answer "
    "if you wish:": (
        "Pour la confidentialité de votre dossier, le message ne figure pas dans ce courriel. Connectez-vous pour "
        "le lire, et y répondre si vous le souhaitez :"
    ),
    "Dossier %(reference)s: a new message from the ministry": "Dossier %(reference)s : nouveau message du ministère",
    "The carrier of the dossier %(reference)s (%(organisation)s) has written a message.": (
        "Le porteur du dossier %(reference)s (%(organisation)s) a écrit un message."
    ),
    "Read it and answer in the staff area (the message is not copied in this email):": (
        "Lisez-le et répondez dans l'espace des services (le message n'est pas recopié dans ce courriel) :"
    ),
    "Dossier %(reference)s: a new message from the carrier": "Dossier %(reference)s : nouveau message du porteur",
}
