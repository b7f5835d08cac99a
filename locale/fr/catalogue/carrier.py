"""French translations of the carrier journey: accounts, organisation, the dossier wizard,
documents, submission and receipt, « Mes dossiers », follow-up, and their emails."""

FR = {
    # applications/attachments.py
    "All the files of a dossier may not exceed %(cap)s. Your other files already take %(used)s, so this one "
    "(%(size)s) does not fit: use a smaller file, or replace a larger one.": (
        "L'ensemble des fichiers d'un dossier ne peut dépasser %(cap)s. Vos autres fichiers occupent déjà "
        "%(used)s : celui-ci (%(size)s) ne tient pas. Choisissez un fichier plus léger ou remplacez un fichier "
        "plus volumineux."
    ),
    # applications/followup.py
    "This request has already been answered.": "Cette demande a déjà reçu une réponse.",
    "This dossier is not waiting for information from you.": "Ce dossier n'attend pas d'information de votre part.",
    "Messages can be sent once the dossier is submitted.": "Les messages peuvent être envoyés une fois le dossier déposé.",
    "You may not act on this dossier.": "Vous ne pouvez pas agir sur ce dossier.",
    "Information provided": "Informations transmises",
    # applications/forms.py
    "Enter an amount in euros, for example 45 000 or 45 000,50.": (
        "Saisissez un montant en euros, par exemple 45 000 ou 45 000,50."
    ),
    "Email address": "Adresse électronique",
    "We send you a link to check it. It is also your login.": (
        "Nous vous envoyons un lien pour la vérifier. Elle vous sert aussi d'identifiant."
    ),
    "First name": "Prénom",
    "Last name": "Nom",
    "Password": "Mot de passe",
    "At least 12 characters; avoid common passwords and your own name or address.": (
        "Au moins 12 caractères ; évitez les mots de passe courants, votre nom et votre adresse électronique."
    ),
    "Password (again)": "Mot de passe (confirmation)",
    "The two passwords do not match.": "Les deux mots de passe ne sont pas identiques.",
    "Your colleague's email address": "Adresse électronique de votre collègue",
    "They receive a link to join your organisation; the link is valid for 14 days.": (
        "Votre collègue reçoit un lien pour rejoindre votre organisme ; ce lien est valable 14 jours."
    ),
    "This person is already a member of your organisation.": "Cette personne est déjà membre de votre organisme.",
    "SIRET number": "Numéro SIRET",
    "14 digits, found on the INSEE notice or on annuaire-entreprises.data.gouv.fr.": (
        "14 chiffres, indiqués sur l'avis de situation INSEE ou sur annuaire-entreprises.data.gouv.fr."
    ),
    "RNA number, for associations": "Numéro RNA (associations)",
    "Required for associations: W followed by 9 digits, e.g. W751234567.": (
        "Obligatoire pour les associations : W suivi de 9 chiffres, par exemple W751234567."
    ),
    "Annual budget (€)": "Budget annuel (€)",
    "Département": "Département",
    "Choose a département": "Choisissez un département",
    "Name of the organisation": "Nom de l'organisme",
    "Legal form": "Forme juridique",
    "Year of creation": "Année de création",
    "Address": "Adresse",
    "Postcode": "Code postal",
    "City": "Commune",
    "Legal representative (first and last name)": "Représentant légal (prénom et nom)",
    "Role of the legal representative": "Qualité du représentant légal",
    "Contact person (first and last name)": "Personne à contacter (prénom et nom)",
    "Contact email": "Adresse électronique de contact",
    "Contact phone": "Téléphone de contact",
    "Employees (full-time equivalent)": "Salariés (équivalent temps plein)",
    "Volunteers": "Bénévoles",
    "Experience with similar actions": "Expérience d'actions similaires",
    "The organisation commits to respect the contrat d'engagement républicain (loi n° 2021-1109 of 24 August 2021)": (
        "L'organisme s'engage à respecter le contrat d'engagement républicain (loi n° 2021-1109 du 24 août 2021)"
    ),
    "Workshops, support to women or newcomers, partnerships: what you have already done.": (
        "Ateliers, accompagnement de femmes ou de personnes primo-arrivantes, partenariats : ce que vous avez "
        "déjà réalisé."
    ),
    "Your organisation must commit to the contrat d'engagement républicain to apply.": (
        "Votre organisme doit s'engager à respecter le contrat d'engagement républicain pour candidater."
    ),
    "Head office": "Siège",
    "People": "Personnes",
    "Means and experience": "Moyens et expérience",
    "Commitment": "Engagement",
    "An organisation with this SIRET number is already registered on the portal. Ask one of its members to invite "
    "you from their « My account » page.": (
        "Un organisme portant ce numéro SIRET est déjà inscrit sur le portail. Demandez à l'un de ses membres de "
        "vous inviter depuis sa page « Mon compte »."
    ),
    "The year of creation cannot be in the future.": "L'année de création ne peut pas être dans le futur.",
    "An association must give its RNA number (W followed by 9 digits).": (
        "Une association doit indiquer son numéro RNA (W suivi de 9 chiffres)."
    ),
    "The postcode %(postcode)s is in the département %(expected)s, not in %(chosen)s.": (
        "Le code postal %(postcode)s se situe dans le département %(expected)s, pas dans le %(chosen)s."
    ),
    # applications/forms_wizard.py
    "Project title": "Titre du projet",
    "Summary of the project": "Résumé du projet",
    "Themes covered": "Thématiques couvertes",
    "Départements of deployment": "Départements de déploiement",
    "Partners (OFII, préfectures, local actors)": "Partenaires (OFII, préfectures, acteurs locaux)",
    "What you will do, for whom, where, with whom: 3,000 characters at most.": (
        "Ce que vous ferez, pour qui, où et avec qui : 3 000 caractères au plus."
    ),
    "Who they are and what each one brings (referral of participants, premises, expertise…).": (
        "Qui ils sont et ce que chacun apporte (orientation des participants, locaux, expertise…)."
    ),
    "This call expects every theme to be covered.": "Cet appel attend que toutes les thématiques soient couvertes.",
    "Tick exactly %(count)d départements.": "Cochez exactement %(count)d départements.",
    "Content of the information support and the toolkit": "Contenu du support d'information et de la mallette pédagogique",
    "Formats (printed, digital, video…)": "Formats (imprimé, numérique, vidéo…)",
    "Languages": "Langues",
    "Accessibility": "Accessibilité",
    "Licence": "Licence",
    "How the ambassadrices are involved in its design": "Implication des ambassadrices dans sa conception",
    "For example: French, Arabic, Dari, English.": "Par exemple : français, arabe, dari, anglais.",
    "Plain language, pictograms, accessible documents (RGAA), subtitles…": (
        "Langage clair, pictogrammes, documents accessibles (RGAA), sous-titres…"
    ),
    "For example: Licence Ouverte Etalab 2.0, CC BY-SA 4.0.": "Par exemple : Licence Ouverte Etalab 2.0, CC BY-SA 4.0.",
    "Number of ambassadrices per département": "Nombre d'ambassadrices par département",
    "Recruitment channels": "Canaux de recrutement",
    "How you check their eligibility": "Vérification de leur éligibilité",
    "Training: number of hours": "Formation : nombre d'heures",
    "Training: content": "Formation : contenu",
    "Compensation": "Rémunération",
    "Support toward employment": "Accompagnement vers l'emploi",
    "Nationality of a country outside the European Union, residence permit held for more than five years, very good "
    "command of French.": (
        "Nationalité d'un pays extérieur à l'Union européenne, titre de séjour détenu depuis plus de cinq ans, "
        "très bonne maîtrise du français."
    ),
    "Enter a number of at least 1.": "Saisissez un nombre au moins égal à 1.",
    "Workshops per theme and per département": "Ateliers par thématique et par département",
    "Expected participants among CIR signatories": "Participants attendus parmi les signataires du CIR",
    "Partners who refer participants": "Partenaires qui orientent les participants",
    "Formats of the workshops": "Formats des ateliers",
    "Interpreting": "Interprétariat",
    "Start date": "Date de début",
    "End date": "Date de fin",
    "Milestones": "Étapes clés",
    "Evaluation indicators": "Indicateurs d'évaluation",
    "In total, over the whole project.": "Au total, sur toute la durée du projet.",
    "Optional: which languages, how (professional interpreters, bilingual pairs…).": (
        "Facultatif : quelles langues, comment (interprètes professionnels, binômes bilingues…)."
    ),
    "Format: dd/mm/yyyy.": "Format : jj/mm/aaaa.",
    "Enter a date such as 15/09/2024.": "Saisissez une date, par exemple 15/09/2024.",
    "The end date (%(end)s) must be after the start date (%(start)s).": (
        "La date de fin (%(end)s) doit être postérieure à la date de début (%(start)s)."
    ),
    "Amount requested from this call (€)": "Montant demandé au titre de cet appel (€)",
    "Total cost of the project = amount requested + co-funding.": (
        "Coût total du projet = montant demandé + cofinancements."
    ),
    "Enter an amount greater than zero.": "Saisissez un montant supérieur à zéro.",
    "Amount (€)": "Montant (€)",
    "Category": "Catégorie",
    "Description": "Description",
    "Choose a category": "Choisissez une catégorie",
    "Source (funder)": "Origine (financeur)",
    "Status": "Statut",
    "Obtained or requested?": "Obtenu ou demandé ?",
    "Delete this line": "Supprimer cette ligne",
    "I confirm that these details are correct and up to date.": (
        "Je confirme que ces informations sont exactes et à jour."
    ),
    "Tick this box to confirm your organisation's details.": (
        "Cochez cette case pour confirmer les informations de votre organisme."
    ),
    "Line %(row)d – %(label)s": "Ligne %(row)d – %(label)s",
    "File": "Fichier",
    "Choose a file to upload.": "Choisissez un fichier à déposer.",
    "The file is empty.": "Le fichier est vide.",
    "I certify on my honour that I am authorised to commit the organisation, that the information in this dossier "
    "is accurate and complete, and that the organisation is up to date with its tax and social obligations.": (
        "Je certifie sur l'honneur être habilité·e à engager l'organisme, que les informations de ce dossier sont "
        "exactes et complètes, et que l'organisme est à jour de ses obligations fiscales et sociales."
    ),
    "Tick the sworn statement to submit the dossier.": "Cochez la déclaration sur l'honneur pour déposer le dossier.",
    "Your answer": "Votre réponse",
    "Explain what you changed or added. The ministry receives it with the dossier.": (
        "Expliquez ce que vous avez modifié ou ajouté. Le ministère la reçoit avec le dossier."
    ),
    "Write a short answer to explain what you changed or added.": (
        "Rédigez une courte réponse pour expliquer ce que vous avez modifié ou ajouté."
    ),
    "Why do you withdraw this dossier? (optional)": "Pourquoi retirez-vous ce dossier ? (facultatif)",
    "I understand that a withdrawn dossier can no longer be examined nor submitted again.": (
        "Je comprends qu'un dossier retiré ne peut plus être examiné ni déposé à nouveau."
    ),
    "Tick this box to confirm the withdrawal.": "Cochez cette case pour confirmer le retrait.",
    "Your message": "Votre message",
    "Write your message.": "Rédigez votre message.",
    # applications/registration.py
    "This invitation has expired or has already been used.": "Cette invitation a expiré ou a déjà été utilisée.",
    "This invitation was sent to another email address: log in with the address that received it.": (
        "Cette invitation a été envoyée à une autre adresse électronique : connectez-vous avec l'adresse qui l'a reçue."
    ),
    "Your account already belongs to another organisation; an account belongs to one organisation.": (
        "Votre compte est déjà rattaché à un autre organisme ; un compte n'appartient qu'à un seul organisme."
    ),
    # applications/rules.py
    "Tick the themes your project covers.": "Cochez les thématiques couvertes par votre projet.",
    "This call expects every theme to be covered: tick all %(available)d (you ticked %(chosen)d).": (
        "Cet appel attend que toutes les thématiques soient couvertes : cochez les %(available)d "
        "(vous en avez coché %(chosen)d)."
    ),
    ("Choose the %(expected)d département of deployment.", "Choose the %(expected)d départements of deployment."): (
        "Choisissez le département de déploiement.",
        "Choisissez les %(expected)d départements de déploiement.",
    ),
    (
        "This call asks for exactly %(expected)d département of deployment (you chose %(chosen)d).",
        "This call asks for exactly %(expected)d départements of deployment (you chose %(chosen)d).",
    ): (
        "Cet appel demande exactement %(expected)d département de déploiement (vous en avez choisi %(chosen)d).",
        "Cet appel demande exactement %(expected)d départements de déploiement (vous en avez choisi %(chosen)d).",
    ),
    "Enter the amount you request from this call.": "Indiquez le montant que vous demandez au titre de cet appel.",
    "The requested amount must be greater than zero.": "Le montant demandé doit être supérieur à zéro.",
    "The requested amount (%(requested)s) exceeds the call's whole envelope (%(envelope)s): request at most "
    "%(envelope)s.": (
        "Le montant demandé (%(requested)s) dépasse l'enveloppe totale de l'appel (%(envelope)s) : demandez au plus "
        "%(envelope)s."
    ),
    "Add at least one budget line.": "Ajoutez au moins une ligne de budget.",
    "This call requires co-funding: add at least one co-funding source.": (
        "Cet appel exige un cofinancement : ajoutez au moins un cofinanceur."
    ),
    "The total cost of the budget lines (%(total)s) must equal the requested amount (%(requested)s) plus the "
    "co-funding (%(cofunding)s), that is %(expected)s. The difference is %(difference)s.": (
        "Le coût total des lignes de budget (%(total)s) doit être égal au montant demandé (%(requested)s) plus les "
        "cofinancements (%(cofunding)s), soit %(expected)s. L'écart est de %(difference)s."
    ),
    "This call funds at most %(rate)d %% of the total cost: for a total cost of %(total)s you may request at most "
    "%(max)s (you request %(requested)s).": (
        "Cet appel finance au plus %(rate)d %% du coût total : pour un coût total de %(total)s, vous pouvez demander "
        "au plus %(max)s (vous demandez %(requested)s)."
    ),
    "Your organisation's legal form (%(form)s) is not eligible for this call. Eligible forms: %(eligible)s.": (
        "La forme juridique de votre organisme (%(form)s) n'est pas éligible à cet appel. Formes éligibles : "
        "%(eligible)s."
    ),
    # applications/submission.py
    "%(date)s at %(time)s (Paris time)": "%(date)s à %(time)s (heure de Paris)",
    "This call does not accept dossiers.": "Cet appel n'accepte pas de dossiers.",
    "This call is not open yet: it opens on %(moment)s.": "Cet appel n'est pas encore ouvert : il ouvre le %(moment)s.",
    "This call closed on %(moment)s: dossiers can no longer be submitted.": (
        "Cet appel a été clos le %(moment)s : les dossiers ne peuvent plus être déposés."
    ),
    "You may not submit this dossier.": "Vous ne pouvez pas déposer ce dossier.",
    "This dossier has already been submitted.": "Ce dossier a déjà été déposé.",
    "Tick the sworn statement to certify the dossier.": "Cochez la déclaration sur l'honneur pour certifier le dossier.",
    # applications/views
    "Confirm your email address first: open the link we sent you.": (
        "Confirmez d'abord votre adresse électronique : ouvrez le lien que nous vous avons envoyé."
    ),
    "Before starting a dossier, register your organisation.": "Avant de commencer un dossier, inscrivez votre organisme.",
    "Your email address is confirmed. Welcome!": "Votre adresse électronique est confirmée. Bienvenue !",
    "A new confirmation link has been sent to %(email)s.": "Un nouveau lien de confirmation a été envoyé à %(email)s.",
    "Your organisation is registered.": "Votre organisme est inscrit.",
    "Your organisation's details are saved.": "Les informations de votre organisme sont enregistrées.",
    "An invitation has been sent to %(email)s.": "Une invitation a été envoyée à %(email)s.",
    "You joined %(organisation)s.": "Vous avez rejoint %(organisation)s.",
    "yes": "oui",
    "no": "non",
    "Your answer has been sent to the ministry.": "Votre réponse a été transmise au ministère.",
    "This dossier can no longer be withdrawn.": "Ce dossier ne peut plus être retiré.",
    "Your dossier is withdrawn.": "Votre dossier est retiré.",
    "Your message has been sent.": "Votre message a été envoyé.",
    "Your dossier is created. It is saved as a draft at every step.": (
        "Votre dossier est créé. Il est enregistré en brouillon à chaque étape."
    ),
    "Your changes are saved (at %(time)s).": "Vos modifications sont enregistrées (à %(time)s).",
    "Draft saved at %(time)s.": "Brouillon enregistré à %(time)s.",
    "Step saved at %(time)s.": "Étape enregistrée à %(time)s.",
    "Your input is saved (at %(time)s). Complete the fields below to go on, or come back later through the list of "
    "steps.": (
        "Votre saisie est enregistrée (à %(time)s). Complétez les champs ci-dessous pour continuer, ou revenez plus "
        "tard par la liste des étapes."
    ),
    "This dossier has been submitted: it can no longer be changed, except what the ministry asks for.": (
        "Ce dossier a été déposé : il ne peut plus être modifié, sauf ce que le ministère vous demande."
    ),
    "« %(document)s »: %(file)s is saved.": "« %(document)s » : %(file)s est enregistré.",
    "The file %(file)s is removed from the dossier.": "Le fichier %(file)s est retiré du dossier.",
    "The dossier was changed since you opened this page (by %(who)s). Check the summary below, then submit again.": (
        "Le dossier a été modifié depuis l'ouverture de cette page (par %(who)s). Vérifiez le récapitulatif "
        "ci-dessous, puis déposez-le de nouveau."
    ),
    "someone else": "une autre personne",
    "Your dossier is submitted under the reference %(reference)s. The submission receipt is being sent to you by "
    "email; you can also download it below.": (
        "Votre dossier est déposé sous la référence %(reference)s. L'attestation de dépôt vous est envoyée par "
        "courriel ; vous pouvez aussi la télécharger ci-dessous."
    ),
    # applications/wizard.py
    "Organisation": "Organisme",
    "The project": "Le projet",
    "Information support and toolkit": "Support d'information et mallette pédagogique",
    "The ambassadrices": "Les ambassadrices",
    "Workshops and beneficiaries": "Ateliers et bénéficiaires",
    "Budget": "Budget",
    "Documents": "Pièces justificatives",
    "Summary and submission": "Récapitulatif et dépôt",
    "%(field)s: to be completed.": "%(field)s : à compléter.",
    "Your organisation must commit to the contrat d'engagement républicain.": (
        "Votre organisme doit s'engager à respecter le contrat d'engagement républicain."
    ),
    "Confirm your organisation's details.": "Confirmez les informations de votre organisme.",
    "Your organisation's details changed since you confirmed them: confirm them again.": (
        "Les informations de votre organisme ont changé depuis votre confirmation : confirmez-les de nouveau."
    ),
    "« %(document)s »: to be uploaded.": "« %(document)s » : à déposer.",
    # templates: wizard
    "Step %(number)s of %(total)s": "Étape %(number)s sur %(total)s",
    "Next step:": "Étape suivante :",
    "Steps of the dossier": "Étapes du dossier",
    "section complete": "complète",
    "section incomplete": "incomplète",
    "to complete": "à compléter",
    "You are here:": "Vous êtes ici :",
    "See the breadcrumb": "Voir le fil d'Ariane",
    "Draft dossier": "Dossier en brouillon",
    "New dossier": "Nouveau dossier",
    "Dossier": "Dossier",
    "The ministry asked you to complete this section. Save your changes, then send your answer from the dossier's "
    "page.": (
        "Le ministère vous demande de compléter cette partie. Enregistrez vos modifications, puis envoyez votre "
        "réponse depuis la page du dossier."
    ),
    "Your changes have not been saved": "Vos modifications n'ont pas été enregistrées",
    "%(who)s saved this dossier on %(when)s, after you opened this page. To avoid overwriting their work, your "
    "changes were not saved: they are still shown below.": (
        "%(who)s a enregistré ce dossier le %(when)s, après l'ouverture de cette page. Pour ne pas écraser son "
        "travail, vos modifications n'ont pas été enregistrées : elles restent affichées ci-dessous."
    ),
    "Open the saved version in a new tab to compare, then press a save button again to replace it with what is shown "
    "below.": (
        "Ouvrez la version enregistrée dans un nouvel onglet pour comparer, puis enregistrez de nouveau pour la "
        "remplacer par ce qui est affiché ci-dessous."
    ),
    "See the saved version": "Voir la version enregistrée",
    "new window": "nouvelle fenêtre",
    "Save": "Enregistrer",
    "Back to the dossier": "Retour au dossier",
    "Continue": "Continuer",
    "Save the draft": "Enregistrer le brouillon",
    "Previous step: %(title)s": "Étape précédente : %(title)s",
    "These are your organisation's details, shared by all its dossiers. Check them, correct them if needed, and "
    "confirm them.": (
        "Voici les informations de votre organisme, communes à tous ses dossiers. Vérifiez-les, corrigez-les si "
        "besoin, puis confirmez-les."
    ),
    "Confirmation": "Confirmation",
    "The départements of deployment are fixed by the call:": "Les départements de déploiement sont fixés par l'appel :",
    "__count__ ticked out of %(expected)s départements": "__count__ départements cochés sur %(expected)s",
    "Describe the total cost of the project line by line, then its co-funding. The amount you request from this call "
    "must be greater than zero and at most %(envelope)s (the whole envelope of the call); the total cost must equal "
    "the requested amount plus the co-funding.": (
        "Détaillez le coût total du projet ligne par ligne, puis ses cofinancements. Le montant demandé au titre de "
        "cet appel doit être supérieur à zéro et au plus égal à %(envelope)s (l'enveloppe totale de l'appel) ; le "
        "coût total doit être égal au montant demandé plus les cofinancements."
    ),
    "This call funds at most %(rate)s %% of the total cost.": "Cet appel finance au plus %(rate)s %% du coût total.",
    "This call requires co-funding.": "Cet appel exige un cofinancement.",
    "Budget lines (total cost of the project)": "Lignes de budget (coût total du projet)",
    "Line %(number)s": "Ligne %(number)s",
    "Co-funding %(number)s": "Cofinancement %(number)s",
    "Add a budget line": "Ajouter une ligne de budget",
    "Co-funding": "Cofinancements",
    "Other funders of the project, with the amount obtained or requested. Leave empty if there is none.": (
        "Les autres financeurs du projet, avec le montant obtenu ou demandé. Laissez vide s'il n'y en a pas."
    ),
    "Add a co-funding": "Ajouter un cofinancement",
    "Amount requested": "Montant demandé",
    "Totals": "Totaux",
    "Total cost": "Coût total",
    "Requested amount expected (total cost − co-funding)": "Montant demandé attendu (coût total − cofinancements)",
    "Totals computed as you type; they are checked again when you save.": (
        "Totaux calculés au fil de la saisie ; ils sont vérifiés de nouveau à l'enregistrement."
    ),
    "Totals of the saved budget; they are updated when you save.": (
        "Totaux du budget enregistré ; ils sont mis à jour à l'enregistrement."
    ),
    "Upload each document on its own. The type of each file is checked on its content. All the files of the dossier "
    "may total %(cap)s at most.": (
        "Déposez chaque pièce séparément. Le type de chaque fichier est vérifié d'après son contenu. L'ensemble des "
        "fichiers du dossier ne peut dépasser %(cap)s."
    ),
    "Used so far: %(used)s of %(cap)s.": "Espace utilisé : %(used)s sur %(cap)s.",
    "Space used by the files of the dossier": "Espace occupé par les fichiers du dossier",
    "optional": "facultatif",
    "Accepted formats: %(types)s. Maximum size: %(cap)s.": "Formats acceptés : %(types)s. Taille maximale : %(cap)s.",
    "Current file:": "Fichier actuel :",
    "uploaded on %(date)s": "déposé le %(date)s",
    "No file yet: to be uploaded.": "Aucun fichier pour l'instant : à déposer.",
    "No file.": "Aucun fichier.",
    ("%(counter)s earlier version", "%(counter)s earlier versions"): (
        "%(counter)s version précédente",
        "%(counter)s versions précédentes",
    ),
    "uploaded on %(date)s, replaced on %(until)s": "déposé le %(date)s, remplacé le %(until)s",
    "Replace the file": "Remplacer le fichier",
    "Choose the file": "Choisir le fichier",
    "Maximum size: %(cap)s.": "Taille maximale : %(cap)s.",
    "Upload the new file": "Déposer le nouveau fichier",
    "Upload": "Déposer",
    "Remove this file": "Retirer ce fichier",
    "The dossier has not been submitted": "Le dossier n'a pas été déposé",
    "Dossiers may be submitted until %(date)s (Paris time), that is %(left)s from now.": (
        "Les dossiers peuvent être déposés jusqu'au %(date)s (heure de Paris), soit dans %(left)s."
    ),
    "A dossier counts as submitted at the instant the portal receives it: sent before that time, it is accepted "
    "even if the portal takes a few seconds to answer.": (
        "Un dossier compte comme déposé à l'instant où le portail le reçoit : envoyé avant cette heure, il est "
        "accepté même si le portail met quelques secondes à répondre."
    ),
    "Every section is complete. Check your dossier below, then certify and submit it.": (
        "Toutes les parties sont complètes. Vérifiez votre dossier ci-dessous, puis certifiez-le et déposez-le."
    ),
    "Your dossier is not complete yet": "Votre dossier n'est pas encore complet",
    ("%(counter)s item to complete", "%(counter)s items to complete"): (
        "%(counter)s élément à compléter",
        "%(counter)s éléments à compléter",
    ),
    "To complete:": "À compléter :",
    "Sworn statement": "Déclaration sur l'honneur",
    "Once submitted, the dossier can no longer be changed, except what the ministry may ask you to complete. You "
    "receive a submission receipt by email.": (
        "Une fois déposé, le dossier ne peut plus être modifié, sauf ce que le ministère pourrait vous demander de "
        "compléter. Vous recevez une attestation de dépôt par courriel."
    ),
    "Submit the dossier": "Déposer le dossier",
    "Start a dossier": "Déposer un dossier",
    "You apply on behalf of <strong>%(organisation)s</strong>. Dossiers may be submitted until %(date)s (Paris time).": (
        "Vous candidatez au nom de <strong>%(organisation)s</strong>. Les dossiers peuvent être déposés jusqu'au "
        "%(date)s (heure de Paris)."
    ),
    "How it works": "Comment ça marche",
    "The dossier has eight steps. Your input is saved as a draft each time you go on or press « Save the draft »; you "
    "can stop and come back at any time, and colleagues of your organisation can work on it too.": (
        "Le dossier compte huit étapes. Votre saisie est enregistrée en brouillon chaque fois que vous continuez ou "
        "appuyez sur « Enregistrer le brouillon » : vous pouvez vous arrêter et revenir à tout moment, et les "
        "collègues de votre organisme peuvent aussi y travailler."
    ),
    "Drafts of your organisation for this call": "Brouillons de votre organisme pour cet appel",
    "Untitled draft": "Brouillon sans titre",
    "last saved on %(date)s": "dernier enregistrement le %(date)s",
    "Start another dossier": "Commencer un autre dossier",
    "Start my dossier": "Commencer mon dossier",
    # templates: sections, dossier page, lists
    "Requested amount": "Montant demandé",
    "Budget lines": "Lignes de budget",
    "Amount": "Montant",
    "Additional document": "Pièce complémentaire",
    "not given": "non renseigné",
    "Edit « %(title)s »": "Modifier « %(title)s »",
    "Reference": "Référence",
    "submitted on %(date)s": "déposé le %(date)s",
    "Untitled dossier": "Dossier sans titre",
    "This dossier is a draft": "Ce dossier est un brouillon",
    "Complete it step by step; it is saved as you go.": "Complétez-le étape par étape ; il est enregistré au fur et à mesure.",
    "Content of the dossier": "Contenu du dossier",
    "Submission receipt": "Attestation de dépôt",
    "Decision": "Décision",
    "signed on %(date)s": "signée le %(date)s",
    "Download the decision (PDF)": "Télécharger la décision (PDF)",
    "Requests for more information": "Demandes de compléments",
    "Request of %(date)s": "Demande du %(date)s",
    "answered on %(date)s": "réponse envoyée le %(date)s",
    "Withdraw this dossier": "Retirer ce dossier",
    "Messages": "Messages",
    "The ministry": "Le ministère",
    "Your organisation": "Votre organisme",
    "Send the message": "Envoyer le message",
    ("%(counter)s dossier", "%(counter)s dossiers"): ("%(counter)s dossier", "%(counter)s dossiers"),
    "Submitted on": "Déposé le",
    "Receipt": "Attestation de dépôt",
    "Information requested: answer": "Compléments demandés : répondre",
    "Receipt (PDF)": "Attestation (PDF)",
    ("%(counter)s message", "%(counter)s messages"): ("%(counter)s message", "%(counter)s messages"),
    "Pagination": "Pagination",
    "Previous page": "Page précédente",
    "Next page": "Page suivante",
    "Page %(number)s": "Page %(number)s",
    "Request for more information": "Demande de compléments",
    "To answer by %(date)s (Paris time).": "Réponse attendue avant le %(date)s (heure de Paris).",
    "What you may complete": "Ce que vous pouvez compléter",
    "Sent on %(date)s by %(who)s.": "Envoyée le %(date)s par %(who)s.",
    "Send your answer": "Envoyer votre réponse",
    "First save your changes in the sections and documents above, then explain them here. Once sent, the sections "
    "can no longer be changed.": (
        "Enregistrez d'abord vos modifications dans les parties et pièces ci-dessus, puis expliquez-les ici. Une fois "
        "la réponse envoyée, elles ne peuvent plus être modifiées."
    ),
    "Send my answer": "Envoyer ma réponse",
    "Withdraw the dossier": "Retirer le dossier",
    "A withdrawn dossier is no longer examined and cannot be submitted again. It stays visible in « My dossiers » as "
    "withdrawn.": (
        "Un dossier retiré n'est plus examiné et ne peut pas être déposé à nouveau. Il reste visible, comme retiré, "
        "dans « Mes dossiers »."
    ),
    "Cancel": "Annuler",
    # templates: registration
    "An account lets you apply on behalf of your organisation. Colleagues can then join it.": (
        "Un compte vous permet de candidater au nom de votre organisme. Vos collègues peuvent ensuite le rejoindre."
    ),
    "Create my account": "Créer mon compte",
    "Already have an account?": "Vous avez déjà un compte ?",
    "No account yet?": "Pas encore de compte ?",
    "Check your mailbox": "Consultez votre messagerie",
    "If the address %(email)s can be used, we have sent it a message: open the link it contains to confirm your "
    "address and finish creating your account.": (
        "Si l'adresse %(email)s peut être utilisée, nous lui avons envoyé un message : ouvrez le lien qu'il contient "
        "pour confirmer votre adresse et terminer la création de votre compte."
    ),
    "We have sent you a message: open the link it contains to confirm your address.": (
        "Nous vous avons envoyé un message : ouvrez le lien qu'il contient pour confirmer votre adresse."
    ),
    "Nothing received after a few minutes? Check your spam folder, or try to log in: if your address already has an "
    "account, you can reset your password.": (
        "Rien reçu après quelques minutes ? Vérifiez vos courriers indésirables, ou essayez de vous connecter : si "
        "votre adresse a déjà un compte, vous pouvez réinitialiser votre mot de passe."
    ),
    "Forgotten password": "Mot de passe oublié",
    "This link does not work": "Ce lien ne fonctionne pas",
    "The confirmation link is invalid, has already been used or has expired. Log in to receive a new one from « My "
    "account ».": (
        "Le lien de confirmation est invalide, a déjà été utilisé ou a expiré. Connectez-vous pour en recevoir un "
        "nouveau depuis « Mon compte »."
    ),
    "Register your organisation": "Inscrire votre organisme",
    "The organisation applies; you act on its behalf. If it is already registered on the portal, ask one of its "
    "members to invite you instead.": (
        "C'est l'organisme qui candidate ; vous agissez en son nom. S'il est déjà inscrit sur le portail, demandez "
        "plutôt à l'un de ses membres de vous inviter."
    ),
    "Register the organisation": "Inscrire l'organisme",
    "Invitation": "Invitation",
    "Join %(organisation)s": "Rejoindre %(organisation)s",
    "This invitation has expired or has already been used. Ask your colleague to send you a new one.": (
        "Cette invitation a expiré ou a déjà été utilisée. Demandez à votre collègue de vous en envoyer une nouvelle."
    ),
    "%(who)s invites you to work on the dossiers of %(organisation)s. The invitation was sent to %(email)s.": (
        "%(who)s vous invite à travailler sur les dossiers de %(organisation)s. L'invitation a été envoyée à %(email)s."
    ),
    "You are logged in as %(email)s. Log out, then log in or create an account with %(invited)s.": (
        "Vous êtes connecté·e en tant que %(email)s. Déconnectez-vous, puis connectez-vous ou créez un compte avec "
        "%(invited)s."
    ),
    "I already have an account": "J'ai déjà un compte",
    "Confirm your email address": "Confirmez votre adresse électronique",
    "We sent a confirmation link to %(email)s. You can start a dossier once the address is confirmed.": (
        "Nous avons envoyé un lien de confirmation à %(email)s. Vous pourrez commencer un dossier une fois l'adresse "
        "confirmée."
    ),
    "Send the link again": "Renvoyer le lien",
    "You": "Vous",
    "Name": "Nom",
    "confirmed": "confirmée",
    "not confirmed": "non confirmée",
    "Change my password": "Modifier mon mot de passe",
    "Edit the organisation's details": "Modifier les informations de l'organisme",
    "Members": "Membres",
    "you": "vous",
    "Invitations waiting for an answer": "Invitations en attente de réponse",
    "valid until %(date)s": "valable jusqu'au %(date)s",
    "Invite a colleague": "Inviter un·e collègue",
    "Send the invitation": "Envoyer l'invitation",
    "You are invited to join %(organisation)s.": "Vous êtes invité·e à rejoindre %(organisation)s.",
    "See the invitation": "Voir l'invitation",
    "Your account is not linked to an organisation yet. Register it to apply; if it is already registered, ask one of "
    "its members to invite you.": (
        "Votre compte n'est pas encore rattaché à un organisme. Inscrivez-le pour candidater ; s'il est déjà inscrit, "
        "demandez à l'un de ses membres de vous inviter."
    ),
    "Register my organisation": "Inscrire mon organisme",
    "Password changed": "Mot de passe modifié",
    "Your new password is saved.": "Votre nouveau mot de passe est enregistré.",
    "Back to my account": "Retour à mon compte",
    "Enter the email address of your account: we send it a link to choose a new password.": (
        "Saisissez l'adresse électronique de votre compte : nous lui envoyons un lien pour choisir un nouveau mot de "
        "passe."
    ),
    "Send me a link": "M'envoyer un lien",
    "If an account uses this address, we have sent it a link to choose a new password. The link is valid for a "
    "limited time.": (
        "Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Ce "
        "lien est valable pendant une durée limitée."
    ),
    "Nothing received after a few minutes? Check your spam folder and the address you typed.": (
        "Rien reçu après quelques minutes ? Vérifiez vos courriers indésirables et l'adresse saisie."
    ),
    "Choose a new password": "Choisir un nouveau mot de passe",
    "Save my new password": "Enregistrer mon nouveau mot de passe",
    "This link is invalid or has already been used. Ask for a new one.": (
        "Ce lien est invalide ou a déjà été utilisé. Demandez-en un nouveau."
    ),
    "Your new password is saved: you can log in with it.": (
        "Votre nouveau mot de passe est enregistré : vous pouvez l'utiliser pour vous connecter."
    ),
    # templates: emails
    "Hello,": "Bonjour,",
    "This email was sent automatically by Portail AMI; please do not reply to it.": (
        "Ce courriel a été envoyé automatiquement par le Portail AMI ; merci de ne pas y répondre."
    ),
    "Portail AMI: choose a new password": "Portail AMI : choisissez un nouveau mot de passe",
    "Someone asked to choose a new password for your Portail AMI account. If it was you, open this link:": (
        "Une demande de nouveau mot de passe a été faite pour votre compte Portail AMI. Si elle vient de vous, "
        "ouvrez ce lien :"
    ),
    "If you did not ask for it, ignore this message: your password does not change.": (
        "Si vous n'en êtes pas à l'origine, ignorez ce message : votre mot de passe ne change pas."
    ),
    "Portail AMI: confirm your email address": "Portail AMI : confirmez votre adresse électronique",
    "To finish creating your Portail AMI account, confirm your email address by opening this link:": (
        "Pour terminer la création de votre compte Portail AMI, confirmez votre adresse électronique en ouvrant ce "
        "lien :"
    ),
    "If you did not create an account, ignore this message: nothing will happen.": (
        "Si vous n'avez pas créé de compte, ignorez ce message : rien ne se passera."
    ),
    "Portail AMI: you already have an account": "Portail AMI : vous avez déjà un compte",
    "Someone tried to create a Portail AMI account with your email address, which already has one.": (
        "Quelqu'un a tenté de créer un compte Portail AMI avec votre adresse électronique, qui en possède déjà un."
    ),
    "Your address is not confirmed yet. To confirm it, open this link:": (
        "Votre adresse n'est pas encore confirmée. Pour la confirmer, ouvrez ce lien :"
    ),
    "To log in:": "Pour vous connecter :",
    "Forgotten password:": "Mot de passe oublié :",
    "If it was not you, ignore this message: your account does not change.": (
        "Si ce n'était pas vous, ignorez ce message : votre compte ne change pas."
    ),
    "Portail AMI: join %(organisation)s": "Portail AMI : rejoignez %(organisation)s",
    "%(who)s invites you to work on the dossiers of %(organisation)s on Portail AMI.": (
        "%(who)s vous invite à travailler sur les dossiers de %(organisation)s sur le Portail AMI."
    ),
    "Open this link to accept (it is valid for 14 days); you will create an account or log in with this email "
    "address:": (
        "Ouvrez ce lien pour accepter (il est valable 14 jours) ; vous créerez un compte ou vous connecterez avec "
        "cette adresse électronique :"
    ),
    "If you do not know this person, ignore this message.": "Si vous ne connaissez pas cette personne, ignorez ce message.",
    "Dossier %(reference)s: more information is requested": "Dossier %(reference)s : des compléments sont demandés",
    "The ministry asks you for more information about the dossier %(reference)s.": (
        "Le ministère vous demande des compléments sur le dossier %(reference)s."
    ),
    "See what is asked, complete your dossier and send your answer here:": (
        "Consultez la demande, complétez votre dossier et envoyez votre réponse ici :"
    ),
    "Dossier %(reference)s: your answer has been received": "Dossier %(reference)s : votre réponse a été reçue",
    "Your answer about the dossier %(reference)s has been received; the dossier is under review again.": (
        "Votre réponse concernant le dossier %(reference)s a été reçue ; le dossier est de nouveau en instruction."
    ),
    "Dossier %(reference)s withdrawn": "Dossier %(reference)s retiré",
    "Draft dossier withdrawn": "Dossier en brouillon retiré",
    "The dossier « %(title)s » of %(organisation)s has been withdrawn. It will not be examined; it stays visible in « "
    "My dossiers ».": (
        "Le dossier « %(title)s » de %(organisation)s a été retiré. Il ne sera pas examiné ; il reste visible dans "
        "« Mes dossiers »."
    ),
    "If you did not ask for it, contact the ministry by replying through the portal as soon as possible.": (
        "Si vous n'en êtes pas à l'origine, prévenez au plus vite le ministère par la messagerie du portail."
    ),
    "Your dossier %(reference)s has been submitted": "Votre dossier %(reference)s a été déposé",
    "The dossier %(reference)s of %(organisation)s has been submitted.": (
        "Le dossier %(reference)s de %(organisation)s a été déposé."
    ),
    "Call": "Appel",
    "Project": "Projet",
    "Submitted on %(date)s at %(time)s (Paris time).": "Déposé le %(date)s à %(time)s (heure de Paris).",
    "The submission receipt (« attestation de dépôt ») is attached to this email: it lists the sections of your "
    "dossier and each file with its SHA-256 fingerprint. Keep it.": (
        "L'attestation de dépôt est jointe à ce courriel : elle récapitule les parties de votre dossier et chaque "
        "fichier avec son empreinte SHA-256. Conservez-la."
    ),
    "You can follow your dossier, read the messages of the ministry and answer its requests here:": (
        "Vous pouvez suivre votre dossier, lire les messages du ministère et répondre à ses demandes ici :"
    ),
    # templates/pdf/receipt.html
    "page": "page",
    "Dossier <strong>%(reference)s</strong>": "Dossier <strong>%(reference)s</strong>",
    "This receipt certifies that the dossier below was submitted on %(date)s at %(time)s (Paris time), before the "
    "call's closing time.": (
        "La présente attestation certifie que le dossier ci-dessous a été déposé le %(date)s à %(time)s (heure de "
        "Paris), avant la clôture de l'appel."
    ),
    "Closing time": "Clôture",
    "Paris time": "heure de Paris",
    "Legal representative": "Représentant légal",
    "Total cost of the project": "Coût total du projet",
    "given": "donnée",
    "Sections of the dossier": "Parties du dossier",
    "Section": "Partie",
    "Completeness": "Complétude",
    "Project dates": "Dates du projet",
    "Co-funding source": "Cofinanceur",
    "Attached files": "Fichiers joints",
    "The SHA-256 fingerprint identifies each file exactly: any change to a file changes its fingerprint.": (
        "L'empreinte SHA-256 identifie chaque fichier exactement : toute modification d'un fichier change son "
        "empreinte."
    ),
    "Document": "Pièce",
    "Size": "Taille",
    ("%(counter)s file, %(size)s in total.", "%(counter)s files, %(size)s in total."): (
        "%(counter)s fichier, %(size)s au total.",
        "%(counter)s fichiers, %(size)s au total.",
    ),
    "Receipt issued by Portail AMI on %(date)s at %(time)s (Paris time). Keep it: it proves the submission of your "
    "dossier.": (
        "Attestation délivrée par le Portail AMI le %(date)s à %(time)s (heure de Paris). Conservez-la : elle "
        "prouve le dépôt de votre dossier."
    ),
}
