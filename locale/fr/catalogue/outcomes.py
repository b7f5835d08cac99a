"""Outcome pages for carriers (refused, awarded, waiting list) and the decision emails."""

FR = {
    "Decision: your application is not selected": "Décision : votre demande n'est pas retenue",
    "Decision %(reference)s, signed on %(date)s.": "Décision %(reference)s, signée le %(date)s.",
    "Your dossier was on the waiting list: the list is now closed, as no seat or money became free for it.": (
        "Votre dossier figurait sur la liste d'attente : la liste est désormais close, aucune place ni aucun "
        "crédit ne s'étant libéré pour lui."
    ),
    "Reasons for the decision": "Motifs de la décision",
    "How to contest this decision": "Comment contester cette décision",
    "Grant awarded: what happens next": "Subvention attribuée : la suite",
    "A grant of %(amount)s is awarded to your project by decision %(reference)s, signed on %(date)s.": (
        "Une subvention de %(amount)s est attribuée à votre projet par la décision %(reference)s, signée le %(date)s."
    ),
    "1. The convention": "1. La convention",
    "As the grant is above €23,000, a convention between the ministry and your organisation sets its object, "
    "amount, payment schedule and conditions of use (loi n° 2000-321 of 12 April 2000, art. 10). The ministry "
    "sends it to you for signature; no payment is made before it is signed.": (
        "La subvention étant d'un montant supérieur à 23 000 €, une convention entre le ministère et votre "
        "organisme en fixe l'objet, le montant, l'échéancier des versements et les conditions d'utilisation (loi "
        "n° 2000-321 du 12 avril 2000, art. 10) ; au-delà de 23 000 €, elle est obligatoire. Le ministère vous "
        "l'adresse pour signature ; aucun versement n'intervient avant sa signature."
    ),
    "The call provides for a convention even for grants of €23,000 or less: it sets the grant's object, amount, "
    "payment schedule and conditions of use. The ministry sends it to you for signature; no payment is made "
    "before it is signed.": (
        "L'appel prévoit une convention même pour les subventions de 23 000 € ou moins : elle fixe l'objet, le "
        "montant, l'échéancier des versements et les conditions d'utilisation de la subvention. Le ministère vous "
        "l'adresse pour signature ; aucun versement n'intervient avant sa signature."
    ),
    "No convention is needed: the grant is €23,000 or less, and the decision itself is the grant's act.": (
        "Aucune convention n'est nécessaire : la subvention ne dépasse pas 23 000 € et la décision elle-même "
        "tient lieu d'acte attributif."
    ),
    "2. The payment schedule": "2. Échéancier des versements",
    "Payment schedule": "Échéancier des versements",
    "Payment": "Versement",
    "Advance (%(percent)s %%)": "Avance (%(percent)s %%)",
    "Balance (%(percent)s %%)": "Solde (%(percent)s %%)",
    "once the convention is signed": "une fois la convention signée",
    "after the financial report is received and examined": "après réception et examen du compte rendu financier",
    "after the decision is notified": "après la notification de la décision",
    "Payments are made to the bank account whose details are in your dossier.": (
        "Les versements sont faits sur le compte bancaire dont le relevé d'identité figure à votre dossier."
    ),
    "3. The reports due": "3. Rapports à rendre",
    (
        "The grant covers %(months)s month, from %(start)s to %(end)s inclusive.",
        "The grant covers %(months)s months, from %(start)s to %(end)s inclusive.",
    ): (
        "La subvention couvre %(months)s mois, du %(start)s au %(end)s inclus.",
        "La subvention couvre %(months)s mois, du %(start)s au %(end)s inclus.",
    ),
    "<strong>By %(date)s</strong>: the financial report (compte rendu financier, CERFA n° 15059) showing that "
    "the money was spent on the project, with the activity report — six months after the end of the grant.": (
        "<strong>Au plus tard le %(date)s</strong> : le compte rendu financier (CERFA n° 15059) attestant que "
        "la subvention a été employée conformément à son objet, accompagné du bilan de l'action — six mois après "
        "la fin de la subvention."
    ),
    "Within six months of the end of the grant: the financial report (compte rendu financier, CERFA n° 15059) "
    "showing that the money was spent on the project, with the activity report.": (
        "Dans les six mois suivant la fin de la subvention : le compte rendu financier (CERFA n° 15059) attestant "
        "que la subvention a été employée conformément à son objet, accompagné du bilan de l'action."
    ),
    "Any part of the grant not spent, or spent on something else, is to be returned.": (
        "Toute part de la subvention non employée, ou employée à un autre objet, est à reverser."
    ),
    "How to contest this decision (its amount, for instance)": "Comment contester cette décision (son montant, par exemple)",
    "Your dossier is on the waiting list": "Votre dossier est sur la liste d'attente",
    "The selection committee placed it at rank %(rank)s of %(total)s on the call's waiting list.": (
        "Le comité de sélection l'a placé au rang %(rank)s sur %(total)s de la liste d'attente de l'appel."
    ),
    "What it means": "Ce que cela signifie",
    (
        "Your dossier is admissible and was assessed, but the call can fund at most %(cap)s carrier within its "
        "envelope of %(envelope)s, and the carriers selected before yours use them.",
        "Your dossier is admissible and was assessed, but the call can fund at most %(cap)s carriers within its "
        "envelope of %(envelope)s, and the carriers selected before yours use them.",
    ): (
        "Votre dossier est recevable et a été évalué, mais l'appel ne peut financer qu'au plus %(cap)s porteur "
        "dans son enveloppe de %(envelope)s, et les porteurs retenus avant le vôtre l'occupent.",
        "Votre dossier est recevable et a été évalué, mais l'appel ne peut financer qu'au plus %(cap)s porteurs "
        "dans son enveloppe de %(envelope)s, et les porteurs retenus avant le vôtre les occupent.",
    ),
    "If a selected carrier withdraws, a seat and money become free: the committee then promotes the first "
    "dossier of the list whose request fits in what is free. If it is yours, you are told by email and a "
    "decision awarding the grant is sent to you.": (
        "Si un porteur retenu se désiste, une place et des crédits se libèrent : le comité repêche alors le premier "
        "dossier de la liste dont la demande tient dans ce qui est libéré. Si c'est le vôtre, vous en êtes "
        "informé par courriel et une décision d'attribution vous est adressée."
    ),
    "If nothing becomes free, the list is closed: you then receive a decision refusing the grant, with its "
    "reasons and the ways to contest it.": (
        "Si rien ne se libère, la liste est close : vous recevez alors une décision de rejet, avec ses motifs et "
        "les voies pour la contester."
    ),
    "You have nothing to do meanwhile: your dossier stays as it is.": (
        "Vous n'avez rien à faire d'ici là : votre dossier reste en l'état."
    ),
    "Your dossier is promoted from the waiting list": "Votre dossier est repêché sur la liste d'attente",
    "A seat and money became free, and the selection committee proposes to fund your project. The decision "
    "awarding the grant is being prepared: you will receive it by email and find it on this page.": (
        "Une place et des crédits se sont libérés, et le comité de sélection propose de financer votre projet. La "
        "décision d'attribution est en préparation : vous la recevrez par courriel et la trouverez sur cette page."
    ),
    # Decision emails
    "Your dossier was on the waiting list: a seat and money became free, and it was promoted.": (
        "Votre dossier figurait sur la liste d'attente : une place et des crédits se sont libérés, et il a été repêché."
    ),
    "The decision %(reference)s is attached to this email (PDF). It states the payment terms and your obligations.": (
        "La décision %(reference)s est jointe à ce courriel (PDF). Elle précise les modalités de versement et vos "
        "obligations."
    ),
    "What happens next:": "La suite :",
    "By %(date)s: the financial report (compte rendu financier, CERFA n° 15059) showing that the money was spent "
    "on the project, with the activity report.": (
        "Au plus tard le %(date)s : le compte rendu financier (CERFA n° 15059) attestant que la subvention a été "
        "employée conformément à son objet, accompagné du bilan de l'action."
    ),
    "Ways and time limits to contest this decision (its amount, for instance):": (
        "Voies et délais de recours contre cette décision (son montant, par exemple) :"
    ),
    "The decision %(reference)s is attached to this email (PDF); it gives the reasons of the decision.": (
        "La décision %(reference)s est jointe à ce courriel (PDF) ; elle en expose les motifs."
    ),
    "The decision also appears in your space on the portal, with its reasons:": (
        "La décision figure aussi dans votre espace sur le portail, avec ses motifs :"
    ),
    "Ways and time limits to contest this decision:": "Voies et délais de recours contre cette décision :",
    "The selection of the call « %(call)s » is complete. The project « %(title)s » of %(organisation)s is not "
    "among those selected for now, but it is on the waiting list.": (
        "La sélection de l'appel « %(call)s » est terminée. Le projet « %(title)s » de %(organisation)s ne figure "
        "pas pour l'instant parmi les projets retenus, mais il est inscrit sur la liste d'attente."
    ),
    "Your dossier's page on the portal says where it stands:": (
        "La page de votre dossier sur le portail indique où il en est :"
    ),
    "Dossier %(reference)s: your dossier is on the waiting list": (
        "Dossier %(reference)s : votre dossier est sur la liste d'attente"
    ),
    "Not sent: the dossier is no longer on the waiting list.": (
        "Non envoyé : le dossier n'est plus sur la liste d'attente."
    ),
    # The decision emails' screen
    "Send the selected failed emails again": "Renvoyer les courriels en échec sélectionnés",
    "%(count)d email(s) not sent: they are no longer true (a superseded decision, a dossier off the list).": (
        "%(count)d courriel(s) non envoyé(s) : ils ne sont plus exacts (décision remplacée, dossier sorti de la "
        "liste d'attente)."
    ),
    "Nothing to send: only drafts are sent, and failed emails sent again.": (
        "Rien à envoyer : seuls les brouillons s'envoient, et les courriels en échec se renvoient."
    ),
    "Sending": "Envoi",
    "%(done)s of %(total)s emails sent": "%(done)s courriel(s) envoyé(s) sur %(total)s",
    ("%(counter)s draft to read and send", "%(counter)s drafts to read and send"): (
        "%(counter)s brouillon à relire et envoyer",
        "%(counter)s brouillons à relire et envoyer",
    ),
    ("%(counter)s being sent in the background", "%(counter)s being sent in the background"): (
        "%(counter)s en cours d'envoi en arrière-plan",
        "%(counter)s en cours d'envoi en arrière-plan",
    ),
    ("%(counter)s failed", "%(counter)s failed"): ("%(counter)s en échec", "%(counter)s en échec"),
    "This page refreshes itself every few seconds while emails are being sent.": (
        "Cette page se met à jour toutes les quelques secondes pendant l'envoi des courriels."
    ),
    "Failed emails show their error. Once the cause is fixed (the mail server answers again, for instance), tick "
    "them and choose « Send the selected failed emails again »; emails withheld because they are no longer true "
    "stay unsent.": (
        "Les courriels en échec indiquent leur erreur. Une fois la cause corrigée (le serveur de messagerie répond "
        "de nouveau, par exemple), cochez-les et choisissez « Renvoyer les courriels en échec sélectionnés » ; les "
        "courriels retenus parce qu'ils ne sont plus exacts ne sont pas envoyés."
    ),
    "Open an email to read exactly what its recipient will receive, then send it from there or tick several and "
    "choose « Send the selected drafts ».": (
        "Ouvrez un courriel pour lire exactement ce que son destinataire recevra, puis envoyez-le depuis sa page, "
        "ou cochez-en plusieurs et choisissez « Envoyer les brouillons sélectionnés »."
    ),
    "You have read the email as its recipient will receive it.": (
        "Vous avez lu le courriel tel que son destinataire le recevra."
    ),
    "This email failed: it can be sent again once the cause is fixed.": (
        "Ce courriel est en échec : il peut être renvoyé une fois la cause corrigée."
    ),
    "Send this email": "Envoyer ce courriel",
    "Send this email again": "Renvoyer ce courriel",
    "Being sent in the background: this page refreshes itself every few seconds.": (
        "Envoi en cours en arrière-plan : cette page se met à jour toutes les quelques secondes."
    ),
    "Back to the decision emails": "Retour aux courriels de décision",
    # The award's follow-up, once open (applications.grants)
    "Where it stands": "Où il en est",
    "<strong>%(report)s</strong>: due by %(date)s (%(state)s).": (
        "<strong>%(report)s</strong> : à remettre au plus tard le %(date)s (%(state)s)."
    ),
    "The follow-up of your grant: convention, payments and reports": (
        "Le suivi de votre subvention : convention, versements et comptes rendus"
    ),
    "Close the waiting list of their call (propose to refuse every dossier on it)": (
        "Clore la liste d'attente de leur appel (proposer le rejet de chaque dossier qui y figure)"
    ),
    "%(count)d dossier(s) of the waiting list proposed for refusal: their decisions are to be signed.": (
        "%(count)d dossier(s) de la liste d'attente proposé(s) au rejet : leurs décisions sont à signer."
    ),
}
