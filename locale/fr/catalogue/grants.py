"""French for the grant's follow-up after the award (applications/grants, templates/grants, admin/grants)."""

FR = {
    # Models
    "Grant follow-up": "Suivi des subventions",
    "award decision": "décision attributive",
    "convention required": "convention requise",
    "share paid on signature (%)": "part versée à la signature (%)",
    "share paid after the final report (%)": "part versée après le compte rendu final (%)",
    "amount paid on signature (€)": "montant versé à la signature (€)",
    "amount paid after the final report (€)": "montant versé après le compte rendu final (€)",
    "unspent amount to return (€)": "somme non employée à reverser (€)",
    "reference of the ordre de reversement": "référence de l’ordre de reversement",
    "ordre de reversement issued at": "ordre de reversement émis le",
    "ordre de reversement": "ordre de reversement",
    "grant": "subvention",
    "grants": "subventions",
    "The shares of the payment schedule add up to more than 100 %.": (
        "Les parts de l’échéancier de versement dépassent 100 % au total."
    ),
    "The payments would exceed the awarded amount.": "Les versements dépasseraient le montant attribué.",
    "Sent to the carrier": "Envoyée au porteur",
    "Accepted by the carrier": "Acceptée par le porteur",
    "Replaced by an amendment": "Remplacée par un avenant",
    "amended version": "version modifiée",
    "reason for the amendment": "motif de l’avenant",
    "start of the action": "début de l’action",
    "end of the action": "fin de l’action",
    "interim report due on": "compte rendu intermédiaire attendu le",
    "final report due on": "compte rendu final attendu le",
    "SHA-256 fingerprint of the sent version": "empreinte SHA-256 de la version envoyée",
    "accepted at": "acceptée le",
    "accepted by": "acceptée par",
    "statement accepted": "déclaration acceptée",
    "fingerprint of the accepted version": "empreinte de la version acceptée",
    "signed PDF": "PDF signé",
    "fingerprint of the signed PDF": "empreinte du PDF signé",
    "convention": "convention",
    "conventions": "conventions",
    "Payment on signature": "Versement à la signature",
    "Balance after the final report": "Solde après le compte rendu final",
    "Scheduled": "Prévu",
    "Approved": "Approuvé",
    "Paid": "Payé",
    "requested at": "demandé le",
    "approved at": "approuvé le",
    "approved by": "approuvé par",
    "paid on": "payé le",
    "accounting reference": "référence comptable",
    "recorded by": "enregistré par",
    "instalment": "versement",
    "instalments": "versements",
    "Interim report": "Compte rendu intermédiaire",
    "Final report": "Compte rendu final",
    "Corrections requested": "Corrections demandées",
    "due on": "attendu le",
    "what was done": "ce qui a été réalisé",
    "ambassadrices recruited": "ambassadrices recrutées",
    "ambassadrices trained": "ambassadrices formées",
    "primo-arrivants reached (CIR signatories)": "primo-arrivants touchés (signataires du CIR)",
    "information kit delivered": "kit d’information livré",
    "workshops held": "ateliers tenus",
    "report": "compte rendu",
    "reports": "comptes rendus",
    "Charges": "Charges",
    "Income": "Produits",
    "side": "nature",
    "planned (€)": "prévu (€)",
    "actual (€)": "réalisé (€)",
    "explanation of the gap": "explication de l’écart",
    "financial report line": "ligne du compte rendu financier",
    "financial report lines": "lignes du compte rendu financier",
    "report event": "étape d’un compte rendu",
    "report events": "étapes des comptes rendus",
    "Before the due date": "Avant l’échéance",
    "After the due date": "Après l’échéance",
    "report reminder": "relance de compte rendu",
    "report reminders": "relances de comptes rendus",
    # Services
    "Only an official may do this.": "Seul un signataire peut faire cela.",
    "Only a valid award decision opens a grant's follow-up.": (
        "Seule une décision attributive en vigueur ouvre le suivi d’une subvention."
    ),
    "This dossier's grant is already followed under an earlier decision.": (
        "La subvention de ce dossier est déjà suivie au titre d’une décision antérieure."
    ),
    "This grant needs no convention: the award decision is the act.": (
        "Cette subvention ne demande pas de convention : la décision attributive en tient lieu."
    ),
    "A version of the convention is already in progress.": "Une version de la convention est déjà en cours.",
    "There is no convention in force to amend.": "Aucune convention en vigueur ne peut être modifiée.",
    "Say why the convention is amended.": "Indiquez le motif de l’avenant.",
    "This version has already been sent.": "Cette version a déjà été envoyée.",
    "This version of the convention is not awaiting your acceptance.": (
        "Cette version de la convention n’attend pas votre acceptation."
    ),
    "The convention has changed since you opened it: read it again.": (
        "La convention a changé depuis que vous l’avez ouverte : relisez-la."
    ),
    "The carrier has not accepted this version yet.": "Le porteur n’a pas encore accepté cette version.",
    "Convention no. %(reference)s": "Convention n° %(reference)s",
    "Only a requested payment can be approved.": "Seul un versement demandé peut être approuvé.",
    "The balance cannot be approved before the final report is.": (
        "Le solde ne peut pas être approuvé avant le compte rendu final."
    ),
    "Give the accounting reference of the payment.": "Indiquez la référence comptable du paiement.",
    "Give the date of the payment.": "Indiquez la date du paiement.",
    "A payment cannot be dated in the future.": "Un paiement ne peut pas être daté dans le futur.",
    "Only an approved payment can be recorded as paid.": "Seul un versement approuvé peut être enregistré comme payé.",
    "A payment cannot be dated before its approval.": "Un paiement ne peut pas être daté d’avant son approbation.",
    "Instalment": "Versement",
    "Share (%)": "Part (%)",
    "Approved on": "Approuvé le",
    "Payments": "Versements",
    "This grant (State)": "La présente subvention (État)",
    "Other public or private grants": "Autres subventions publiques ou privées",
    "Own funds": "Fonds propres",
    "Other income": "Autres produits",
    "This report has been submitted and can no longer be changed.": (
        "Ce compte rendu a été transmis et ne peut plus être modifié."
    ),
    "Describe what was done.": "Décrivez ce qui a été réalisé.",
    "Give this figure (0 if none).": "Indiquez ce nombre (0 s’il n’y en a pas).",
    "Give the actual amount (0 if none).": "Indiquez le montant réalisé (0 s’il n’y en a pas).",
    "The gap with the plan exceeds 15 %: explain it.": "L’écart avec le prévisionnel dépasse 15 % : expliquez-le.",
    "This report has already been submitted.": "Ce compte rendu a déjà été transmis.",
    "Say what must be corrected.": "Indiquez ce qui doit être corrigé.",
    "Only a submitted report can be sent back for corrections.": (
        "Seul un compte rendu transmis peut être renvoyé pour corrections."
    ),
    "Only a submitted report can be approved.": "Seul un compte rendu transmis peut être approuvé.",
    # Forms
    "I am the legal representative of the organisation, or authorised by them, and I accept this convention.": (
        "Je suis le représentant légal de l’organisme, ou dûment habilité par lui, et j’accepte cette convention."
    ),
    "Tick the box to accept the convention.": "Cochez la case pour accepter la convention.",
    "Actual (€)": "Réalisé (€)",
    "Explanation of the gap": "Explication de l’écart",
    "Workshops": "Ateliers",
    "What must be corrected": "Ce qui doit être corrigé",
    "Paid on": "Payé le",
    "Accounting reference": "Référence comptable",
    "Signatory": "Signataire",
    "Reason for the amendment": "Motif de l’avenant",
    # Carrier pages
    "You accepted the convention. The ministry will now sign it.": (
        "Vous avez accepté la convention. Le ministère va maintenant la signer."
    ),
    "Your report has been sent to the ministry.": "Votre compte rendu a été transmis au ministère.",
    "Your draft has been saved.": "Votre brouillon a été enregistré.",
    "Follow-up of the grant": "Suivi de la subvention",
    "The ministry is preparing the convention. You will be told by email when it is ready.": (
        "Le ministère prépare la convention. Vous serez prévenu par courriel lorsqu’elle sera prête."
    ),
    "accepted on %(date)s": "acceptée le %(date)s",
    "Download %(reference)s (PDF)": "Télécharger %(reference)s (PDF)",
    "Accept the convention": "Accepter la convention",
    "Read the convention (PDF above) before accepting it. Your acceptance is recorded with its date, your account "
    "and the fingerprint of the file you read; the ministry then signs it.": (
        "Lisez la convention (PDF ci-dessus) avant de l’accepter. Votre acceptation est enregistrée avec sa date, "
        "votre compte et l’empreinte du fichier que vous avez lu ; le ministère la signe ensuite."
    ),
    "Statement": "Déclaration",
    "Unspent funds to return: %(amount)s": "Sommes non employées à reverser : %(amount)s",
    "Download the ordre de reversement (PDF)": "Télécharger l’ordre de reversement (PDF)",
    "due on %(date)s": "attendu le %(date)s",
    "Corrections asked on %(date)s": "Corrections demandées le %(date)s",
    "Targets of your application: %(a)s ambassadrices, %(w)s workshops, %(p)s people reached.": (
        "Objectifs de votre demande : %(a)s ambassadrices, %(w)s ateliers, %(p)s personnes touchées."
    ),
    "Workshops held, per département and theme (target: %(n)s each)": (
        "Ateliers tenus, par département et par thème (objectif : %(n)s chacun)"
    ),
    "Workshops held, per département and theme": "Ateliers tenus, par département et par thème",
    "For each category, the amount planned in your application and the amount actually spent or received. A gap "
    "of more than 15 %% must be explained.": (
        "Pour chaque catégorie, le montant prévu dans votre demande et le montant réellement dépensé ou reçu. "
        "Tout écart de plus de 15 %% doit être expliqué."
    ),
    "Send the report": "Transmettre le compte rendu",
    "Back to the follow-up of the grant": "Retour au suivi de la subvention",
    "Verify a convention": "Vérifier une convention",
    "Convention %(reference)s": "Convention %(reference)s",
    "What the convention states": "Ce qu’indique la convention",
    "SHA-256 fingerprint of the version sent": "Empreinte SHA-256 de la version envoyée",
    "SHA-256 fingerprint of the signed file": "Empreinte SHA-256 du fichier signé",
    "A file is genuine only if its SHA-256 fingerprint is one of those above.": (
        "Un fichier n’est authentique que si son empreinte SHA-256 est l’une de celles ci-dessus."
    ),
    # Staff screens
    "Convention": "Convention",
    "Not required": "Non requise",
    "To prepare": "À préparer",
    "Payments made": "Versements payés",
    "Late reports": "Comptes rendus en retard",
    "%(count)d new grant(s) opened.": "%(count)d nouvelle(s) subvention(s) suivie(s).",
    "A version of the convention was prepared.": "Une version de la convention a été préparée.",
    "The convention was sent to the carrier.": "La convention a été envoyée au porteur.",
    "The convention is signed; the first payment is requested.": (
        "La convention est signée ; le premier versement est demandé."
    ),
    "The payment is approved.": "Le versement est approuvé.",
    "The payment is recorded.": "Le paiement est enregistré.",
    "The report is sent back to the carrier for corrections.": "Le compte rendu est renvoyé au porteur pour corrections.",
    "The report is approved.": "Le compte rendu est approuvé.",
    "Open the follow-up of new awards": "Ouvrir le suivi des nouvelles subventions",
    "Payments of %(slug)s (CSV)": "Versements de %(slug)s (CSV)",
    "Payments of %(slug)s (XLSX)": "Versements de %(slug)s (XLSX)",
    "grant of %(amount)s, decision %(reference)s": "subvention de %(amount)s, décision %(reference)s",
    "No convention is needed for this grant: the award decision is the act.": (
        "Aucune convention n’est requise pour cette subvention : la décision attributive en tient lieu."
    ),
    "Versions of the convention": "Versions de la convention",
    "Version": "Version",
    "Accepted": "Acceptée",
    "Fingerprint": "Empreinte",
    "Prepare the convention": "Préparer la convention",
    "Send the convention to the carrier": "Envoyer la convention au porteur",
    "Countersign the convention": "Contresigner la convention",
    "Sign the convention": "Signer la convention",
    "Amend the convention": "Modifier la convention par avenant",
    "Prepare an amendment": "Préparer un avenant",
    "Approve the payment": "Approuver le versement",
    "Record the payment": "Enregistrer le paiement",
    "Unspent funds to return: %(amount)s.": "Sommes non employées à reverser : %(amount)s.",
    "Ordre de reversement (PDF)": "Ordre de reversement (PDF)",
    "Reports": "Comptes rendus",
    "Reports and reminders": "Comptes rendus et relances",
    "Report": "Compte rendu",
    "Due on": "Attendu le",
    "Reminders sent": "Relances envoyées",
    "The reports' due dates are set by the convention.": "Les échéances des comptes rendus sont fixées par la convention.",
    "Due on %(date)s.": "Attendu le %(date)s.",
    "sent on %(date)s": "transmis le %(date)s",
    "Activity": "Activité",
    "Indicators achieved against the targets": "Indicateurs réalisés au regard des objectifs",
    "Indicator": "Indicateur",
    "Achieved": "Réalisé",
    "Target": "Objectif",
    "Narrative": "Bilan qualitatif",
    "Financial report (CERFA no. 15059)": "Compte rendu financier (CERFA n° 15059)",
    "Planned and actual charges and income": "Charges et produits prévus et réalisés",
    "Planned": "Prévu",
    "Gap over 15 %%:": "Écart de plus de 15 %% :",
    "Part of the grant actually used: %(used)s.": "Part de la subvention effectivement employée : %(used)s.",
    "History": "Historique",
    "sent": "transmis",
    "corrections asked": "corrections demandées",
    "approved": "approuvé",
    "Approve the report": "Approuver le compte rendu",
    "Ask for corrections": "Demander des corrections",
    "Send back for corrections": "Renvoyer pour corrections",
    "Back to the grant": "Retour à la subvention",
    # Emails
    "The convention of the grant awarded for the dossier %(reference)s is ready. Your organisation's legal "
    "representative can read it and accept it online:": (
        "La convention de la subvention attribuée pour le dossier %(reference)s est prête. Le représentant légal "
        "de votre organisme peut la lire et l’accepter en ligne :"
    ),
    "Dossier %(reference)s: your convention is ready to be accepted": (
        "Dossier %(reference)s : votre convention est prête à être acceptée"
    ),
    "The ministry has signed the convention of the grant awarded for the dossier %(reference)s. The first payment "
    "is now being processed. The signed convention, the payments and the reports to send are here:": (
        "Le ministère a signé la convention de la subvention attribuée pour le dossier %(reference)s. Le premier "
        "versement est en cours de traitement. La convention signée, les versements et les comptes rendus à "
        "transmettre sont ici :"
    ),
    "Dossier %(reference)s: the convention is signed": "Dossier %(reference)s : la convention est signée",
    "The ministry asks for corrections on a report of the dossier %(reference)s. The report is open again; see what "
    "is asked and send it again here:": (
        "Le ministère demande des corrections sur un compte rendu du dossier %(reference)s. Le compte rendu est de "
        "nouveau ouvert ; voyez ce qui est demandé et transmettez-le de nouveau ici :"
    ),
    "Dossier %(reference)s: corrections are asked on your report": (
        "Dossier %(reference)s : des corrections sont demandées sur votre compte rendu"
    ),
    "The « %(kind)s » of the dossier %(reference)s was due on %(date)s and the ministry has not received it. Please "
    "send it without delay here:": (
        "Le « %(kind)s » du dossier %(reference)s était attendu le %(date)s et le ministère ne l’a pas reçu. "
        "Merci de le transmettre sans tarder ici :"
    ),
    "Dossier %(reference)s: a report is late": "Dossier %(reference)s : un compte rendu est en retard",
    "The « %(kind)s » of the dossier %(reference)s is due on %(date)s. You can prepare it and send it here:": (
        "Le « %(kind)s » du dossier %(reference)s est attendu le %(date)s. Vous pouvez le préparer et le "
        "transmettre ici :"
    ),
    "Dossier %(reference)s: a report is due on %(date)s": "Dossier %(reference)s : un compte rendu est attendu le %(date)s",
    # Follow-up of a call
    "Follow-up of the grants of %(call)s": "Suivi des subventions de l’appel « %(call)s »",
    ("%(count)d workshop", "%(count)d workshops"): ("%(count)d atelier", "%(count)d ateliers"),
    "Ambassadrices trained": "Ambassadrices formées",
    "Workshops held": "Ateliers tenus",
    "Primo-arrivants reached": "Primo-arrivants touchés",
    "Départements reached": "Départements touchés",
    "From the approved reports: %(departements)d of the %(aim)d départements aimed at reached, %(themes)d of "
    "%(theme_aim)d themes covered, %(workshops)s.": (
        "D’après les comptes rendus approuvés : %(departements)d des %(aim)d départements visés touchés, "
        "%(themes)d thèmes sur %(theme_aim)d couverts, %(workshops)s."
    ),
    "%(done)d of %(aim)d": "%(done)d sur %(aim)d",
    "No grant is followed yet for this call.": "Aucune subvention de cet appel n’est encore suivie.",
    "Workshops held per département": "Ateliers tenus par département",
    "Workshops reported in the approved reports, %(count)s in all.": (
        "Ateliers déclarés dans les comptes rendus approuvés, %(count)s au total."
    ),
    "Workshops held per département and theme": "Ateliers tenus par département et par thème",
    "Total": "Total",
    "No workshop reported yet.": "Aucun atelier déclaré pour l’instant.",
    "Workshops held per theme": "Ateliers tenus par thème",
    "Every theme of the call, those without any workshop at 0.": ("Tous les thèmes de l’appel, ceux sans atelier à 0."),
    "Follow-up of %(slug)s": "Suivi de %(slug)s",
    "The call against its aim": "L’appel au regard de son objectif",
    "Grants": "Subventions",
    "Each grant: convention, payments, reports and indicators": (
        "Chaque subvention : convention, versements, comptes rendus et indicateurs"
    ),
}
