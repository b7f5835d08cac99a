"""French translations of the foundation: settings, models, workflow, file checks, layout and public pages."""

FR = {
    # ami_portal/settings.py
    "French": "Français",
    "English": "Anglais",
    # ami_portal/admin.py, ami_portal/apps.py: background tasks (django-tasks-db ships no French)
    "Background tasks": "Tâches d'arrière-plan",
    "Task Result": "Résultat de tâche",
    "Task Results": "Résultats de tâches",
    "enqueued at": "date de mise en file d'attente",
    "started at": "début d'exécution",
    "finished at": "fin d'exécution",
    "args kwargs": "arguments",
    "priority": "priorité",
    "task path": "chemin de la tâche",
    "worker id": "identifiant du processus d'exécution",
    "queue name": "nom de la file d'attente",
    "backend name": "nom du moteur de tâches",
    "run after": "exécution au plus tôt le",
    "return value": "valeur de retour",
    "exception class path": "classe de l'exception",
    "traceback": "trace d'exécution",
    "Ready": "En attente",
    "Successful": "Succès",
    "attempt": "tentative",
    "error": "erreur",
    # applications/admin.py, applications/apps.py, review/apps.py
    "Portail AMI — staff area": "Portail AMI — espace agents",
    "Portail AMI": "Portail AMI",
    "Reviewing and decisions": "Instruction et décisions",
    "Who and for whom": "Acteurs et publics visés",
    "Envelope and rules": "Enveloppe et règles",
    "Calendar (Paris time)": "Calendrier (heure de Paris)",
    "Review": "Instruction",
    "Decisions": "Décisions",
    "Identity": "Identité",
    "Access": "Accès",
    "Dates": "Dates",
    "Calls and applications": "Appels et dossiers",
    "Review and decisions": "Instruction et décisions",
    # applications/filecheck.py
    "This file is damaged: it cannot be opened.": "Ce fichier est endommagé : il ne peut pas être ouvert.",
    "This document contains too many parts to be accepted.": "Ce document comporte trop d'éléments pour être accepté.",
    "This document is far too large once uncompressed to be accepted.": (
        "Ce document est beaucoup trop volumineux une fois décompressé pour être accepté."
    ),
    "Documents containing macros are not accepted.": "Les documents contenant des macros ne sont pas acceptés.",
    "The file is empty.": "Le fichier est vide.",
    "The file is too large (%(size)s); the maximum is %(max)s.": (
        "Le fichier est trop volumineux (%(size)s) ; la taille maximale est de %(max)s."
    ),
    "The content of this file is not an accepted format. Accepted formats: %(formats)s.": (
        "Le contenu de ce fichier n'est pas dans un format accepté. Formats acceptés : %(formats)s."
    ),
    "The file name has a suspicious double extension.": "Le nom du fichier comporte une double extension suspecte.",
    "The file name ends in .%(ext)s but its content is a %(kind)s file: rename it or choose another file.": (
        "Le nom du fichier se termine par .%(ext)s mais son contenu est celui d'un fichier %(kind)s : "
        "renommez-le ou choisissez un autre fichier."
    ),
    "PDF files containing scripts, actions or embedded files are not accepted. "
    "Print the document to a new PDF and upload that one.": (
        "Les fichiers PDF contenant des scripts, des actions ou des fichiers incorporés ne sont pas acceptés. "
        "Imprimez le document dans un nouveau fichier PDF et déposez ce dernier."
    ),
    # applications/formatting.py
    "closed": "clos",
    ("%(n)d day", "%(n)d days"): ("%(n)d jour", "%(n)d jours"),
    "%(days)s and %(hours)s": "%(days)s et %(hours)s",
    ("%(n)d hour", "%(n)d hours"): ("%(n)d heure", "%(n)d heures"),
    "%(hours)s and %(minutes)s": "%(hours)s et %(minutes)s",
    ("%(n)d minute", "%(n)d minutes"): ("%(n)d minute", "%(n)d minutes"),
    # applications/models.py — users and organisations
    "email address": "adresse électronique",
    "email verified at": "adresse électronique vérifiée le",
    "organisation": "organisme",
    "organisations": "organismes",
    "user": "utilisateur",
    "users": "utilisateurs",
    "Association (loi 1901)": "Association (loi 1901)",
    "Foundation": "Fondation",
    "Cooperative": "Coopérative",
    "Public body (établissement public)": "Établissement public",
    "Local authority (collectivité)": "Collectivité territoriale",
    "Social and solidarity economy company (ESS)": "Entreprise de l'économie sociale et solidaire (ESS)",
    "Other": "Autre",
    "name": "nom",
    "SIRET": "numéro SIRET",
    "RNA number": "numéro RNA",
    "For associations: W followed by 9 digits.": "Pour les associations : W suivi de 9 chiffres.",
    "legal form": "forme juridique",
    "address": "adresse",
    "postcode": "code postal",
    "city": "commune",
    "département": "département",
    "départements": "départements",
    "legal representative": "représentant légal",
    "legal representative's role": "qualité du représentant légal",
    "contact person": "personne à contacter",
    "contact email": "adresse électronique de contact",
    "contact phone": "téléphone de contact",
    "year of creation": "année de création",
    "annual budget (€)": "budget annuel (€)",
    "employees (full-time equivalent)": "salariés (en équivalent temps plein)",
    "volunteers": "bénévoles",
    "experience with similar actions": "expérience d'actions similaires",
    "commitment to the contrat d'engagement républicain": "souscription au contrat d'engagement républicain",
    "created at": "date de création",
    "updated at": "date de modification",
    "An association must give its RNA number.": "Une association doit indiquer son numéro RNA.",
    "invitation": "invitation",
    "invitations": "invitations",
    "INSEE code": "code INSEE",
    # applications/models.py — calls
    "Draft": "Brouillon",
    "Published": "Publié",
    "Closed": "Clos",
    "Decided": "Décidé",
    "title": "titre",
    "slug": "identifiant dans l'adresse",
    "reference prefix": "préfixe des références",
    "Dossier references are built from it, e.g. AMI-2024-EGALITE-0007.": (
        "Les références des dossiers sont construites à partir de ce préfixe, par exemple AMI-2024-EGALITE-0007."
    ),
    "summary": "résumé",
    "description": "description",
    "issuing bodies": "administrations émettrices",
    "One per line.": "Une par ligne.",
    "framework": "cadre",
    "who runs the workshops": "qui anime les ateliers",
    "beneficiaries": "bénéficiaires",
    "what each selected carrier does": "missions de chaque porteur retenu",
    "budget envelope (€)": "enveloppe budgétaire (€)",
    "maximum number of selected carriers": "nombre maximal de porteurs retenus",
    "number of départements to cover": "nombre de départements à couvrir",
    "départements fixed by the call": "départements fixés par l'appel",
    "If unticked, carriers propose the départements of deployment.": (
        "Si la case n'est pas cochée, les porteurs proposent les départements de déploiement."
    ),
    "every theme must be covered": "tous les thèmes doivent être traités",
    "eligible legal forms": "formes juridiques éligibles",
    "Empty means every legal form is eligible.": "Si aucune n'est choisie, toutes les formes juridiques sont éligibles.",
    "co-funding required": "cofinancement exigé",
    "maximum share of the total cost funded by the call (%)": "part maximale du coût total financée par l'appel (%)",
    "grant duration (months)": "durée de la subvention (mois)",
    "opens at": "date d'ouverture",
    "closes at": "date de clôture",
    "status": "statut",
    "reviewers per dossier": "instructeurs par dossier",
    "disagreement threshold (points out of 100)": "seuil de désaccord (points sur 100)",
    "Reviewers disagree when their scores are further apart than this.": (
        "Les instructeurs sont en désaccord lorsque l'écart entre leurs notes dépasse ce seuil."
    ),
    "scores used for the ranking": "notes utilisées pour le classement",
    "Raw scores": "Notes brutes",
    "Calibrated scores": "Notes calibrées",
    "Chosen by the selection committee on the ranking screen.": (
        "Choisies par le comité de sélection sur l'écran de classement."
    ),
    "maximum size of one file (bytes)": "taille maximale d'un fichier (octets)",
    "maximum size of all files of a dossier (bytes)": "taille maximale de l'ensemble des fichiers d'un dossier (octets)",
    "issuing authority": "autorité émettrice",
    "issuing service": "service émetteur",
    "SIRET of the issuing authority": "SIRET de l'autorité émettrice",
    "Published with the awarded grants (SCDL « subventions » open data).": (
        "Publié avec les subventions attribuées (données ouvertes au format SCDL « subventions »)."
    ),
    "selection committee date": "date du comité de sélection",
    "selection committee members": "membres du comité de sélection",
    "call": "appel",
    "calls": "appels",
    "The budget envelope must be greater than zero.": "L'enveloppe budgétaire doit être supérieure à zéro.",
    "At least one carrier must be selectable.": "Au moins un porteur doit pouvoir être retenu.",
    "At least one département must be covered.": "Au moins un département doit être couvert.",
    "The closing date must be after the opening date.": "La date de clôture doit être postérieure à la date d'ouverture.",
    "Each dossier needs at least one reviewer.": "Chaque dossier doit avoir au moins un instructeur.",
    "position": "ordre",
    "theme": "thème",
    "themes": "thèmes",
    "label": "libellé",
    "help text": "texte d'aide",
    "weight": "pondération",
    "maximum points": "note maximale",
    "criterion": "critère",
    "criteria": "critères",
    "A criterion's weight must be greater than zero.": "La pondération d'un critère doit être supérieure à zéro.",
    "A criterion's maximum must be greater than zero.": "La note maximale d'un critère doit être supérieure à zéro.",
    "mandatory": "obligatoire",
    "accepted file types": "types de fichiers acceptés",
    "Among pdf, odt, docx, ods, xlsx, png, jpeg.": "Parmi pdf, odt, docx, ods, xlsx, png, jpeg.",
    "maximum size (bytes)": "taille maximale (octets)",
    "required document": "pièce à fournir",
    "required documents": "pièces à fournir",
    "The size cap must be greater than zero.": "La taille maximale doit être supérieure à zéro.",
    "Choose file types among: %(kinds)s.": "Choisissez les types de fichiers parmi : %(kinds)s.",
    # applications/models.py — dossiers
    "Submitted": "Déposé",
    "Under review": "En instruction",
    "Information requested": "Compléments demandés",
    "Admissible": "Recevable",
    "Not admissible": "Irrecevable",
    "Grant awarded": "Subvention accordée",
    "Refused": "Refusé",
    "Withdrawn": "Retiré",
    "reference": "référence",
    "state": "état",
    "submitted at": "date de dépôt",
    "project title": "titre du projet",
    "project summary": "résumé du projet",
    "themes covered": "thèmes traités",
    "départements of deployment": "départements de déploiement",
    "partners (OFII, préfectures, local actors)": "partenaires (OFII, préfectures, acteurs locaux)",
    "content of the toolkit": "contenu du kit pédagogique",
    "formats": "formats",
    "languages": "langues",
    "accessibility of the toolkit": "accessibilité du kit pédagogique",
    "licence": "licence",
    "how ambassadrices are involved in its design": "participation des ambassadrices à sa conception",
    "ambassadrices per département": "nombre d'ambassadrices par département",
    "recruitment channels": "canaux de recrutement",
    "how eligibility is checked": "vérification des conditions d'éligibilité",
    "Non-EU nationality, residence permit for more than five years, very good French.": (
        "Nationalité d'un pays hors Union européenne, titre de séjour depuis plus de cinq ans, "
        "très bonne maîtrise du français."
    ),
    "training hours": "durée de la formation (heures)",
    "training content": "contenu de la formation",
    "compensation of the ambassadrices": "rémunération des ambassadrices",
    "support toward employment": "accompagnement vers l'emploi",
    "workshops per theme and per département": "ateliers par thème et par département",
    "expected participants among CIR signatories": "participants attendus parmi les signataires du CIR",
    "referral partners": "partenaires prescripteurs",
    "workshop formats": "formats des ateliers",
    "interpreting": "interprétariat",
    "start date": "date de début",
    "end date": "date de fin",
    "milestones": "étapes clés",
    "evaluation indicators": "indicateurs d'évaluation",
    "requested amount (€)": "montant demandé (€)",
    "sworn statement": "déclaration sur l'honneur",
    "dossier": "dossier",
    "dossiers": "dossiers",
    "last edited by": "dernière modification par",
    "The requested amount must be greater than zero.": "Le montant demandé doit être supérieur à zéro.",
    "The end date must be after the start date.": "La date de fin doit être postérieure à la date de début.",
    # applications/models.py — budget, co-funding, attachments
    "Personnel": "Frais de personnel",
    "Ambassadrices' compensation": "Rémunération des ambassadrices",
    "Training": "Formation",
    "Toolkit design and production": "Conception et réalisation du kit pédagogique",
    "Travel": "Déplacements",
    "Communication": "Communication",
    "Evaluation": "Évaluation",
    "Overheads": "Frais de structure",
    "category": "catégorie",
    "amount (€)": "montant (€)",
    "budget line": "ligne budgétaire",
    "budget lines": "lignes budgétaires",
    "A budget line must be greater than zero.": "Le montant d'une ligne budgétaire doit être supérieur à zéro.",
    "Obtained": "Obtenu",
    "Requested": "Demandé",
    "source": "financeur",
    "co-funding": "cofinancement",
    "co-fundings": "cofinancements",
    "A co-funding amount must be greater than zero.": "Le montant d'un cofinancement doit être supérieur à zéro.",
    "file name": "nom du fichier",
    "type": "type",
    "size (bytes)": "taille (octets)",
    "SHA-256": "SHA-256",
    "uploaded at": "date d'ajout",
    "attachment": "pièce jointe",
    "attachments": "pièces jointes",
    # applications/models.py — requests for information, messages, receipts
    "what is asked": "objet de la demande",
    "sections the carrier may edit": "rubriques modifiables par le porteur",
    "documents to upload": "pièces à déposer",
    "due by": "date limite de réponse",
    "asked at": "date de la demande",
    "answered at": "date de la réponse",
    "answer": "réponse",
    "request for more information": "demande de compléments",
    "requests for more information": "demandes de compléments",
    "message": "message",
    "messages": "messages",
    "sent at": "date d'envoi",
    "submission receipt": "attestation de dépôt",
    "submission receipts": "attestations de dépôt",
    # applications/models.py — audit log and emails
    "when": "date",
    "who": "auteur",
    "action": "action",
    "from": "de",
    "to": "à",
    "why": "motif",
    "what changed": "modifications",
    "audit entry": "entrée du journal des opérations",
    "audit log": "journal des opérations",
    "audit chain head": "tête de la chaîne du journal des opérations",
    "Draft (to be checked)": "Brouillon (à vérifier)",
    "Queued": "En file d'attente",
    "Sent": "Envoyé",
    "Failed": "Échec",
    "kind": "type",
    "subject": "objet",
    "body": "texte",
    "email": "courriel",
    "emails": "courriels",
    # applications/validators.py
    (
        "A SIREN number has exactly 9 digits (you typed %(count)d character).",
        "A SIREN number has exactly 9 digits (you typed %(count)d characters).",
    ): (
        "Un numéro SIREN comporte exactement 9 chiffres (vous avez saisi %(count)d caractère).",
        "Un numéro SIREN comporte exactement 9 chiffres (vous avez saisi %(count)d caractères).",
    ),
    "untitled draft": "brouillon sans titre",
    "This SIREN number is not valid: its check digit does not match. Please check it.": (
        "Ce numéro SIREN n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez-le."
    ),
    "A SIRET number contains only digits.": "Un numéro SIRET ne contient que des chiffres.",
    "A SIRET number has exactly 14 digits (you typed %(count)d).": (
        "Un numéro SIRET comporte exactement 14 chiffres (vous en avez saisi %(count)d)."
    ),
    "This La Poste SIRET number is not valid (the sum of its digits must be a multiple of 5).": (
        "Ce numéro SIRET de La Poste n'est pas valide (la somme de ses chiffres doit être un multiple de 5)."
    ),
    "The first 9 digits (the SIREN) of this SIRET number are not valid. Please check them.": (
        "Les 9 premiers chiffres (le SIREN) de ce numéro SIRET ne sont pas valides. Vérifiez-les."
    ),
    "This SIRET number is not valid: its check digit does not match. Please check the last 5 digits.": (
        "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez les 5 derniers chiffres."
    ),
    "An RNA number is the letter W followed by 9 digits, for example W751234567.": (
        "Un numéro RNA se compose de la lettre W suivie de 9 chiffres, par exemple W751234567."
    ),
    "A postcode has exactly 5 digits.": "Un code postal comporte exactement 5 chiffres.",
    "Enter a phone number such as 01 23 45 67 89 or +33 1 23 45 67 89.": (
        "Saisissez un numéro de téléphone au format 01 23 45 67 89 ou +33 1 23 45 67 89."
    ),
    # applications/workflow.py
    "More information requested": "Compléments d'information demandés",
    "Not selected": "Non retenu",
    "A dossier in state « %(source)s » cannot become « %(target)s ».": (
        "Un dossier à l'état « %(source)s » ne peut pas passer à l'état « %(target)s »."
    ),
    "You may not make this change to this dossier.": "Vous n'êtes pas autorisé à effectuer cette modification sur ce dossier.",
    # review/models.py — admissibility
    "Submitted on time": "Déposé dans les délais",
    "Complete": "Complet",
    "Legal form eligible": "Forme juridique éligible",
    "Commitments signed (contrat d'engagement républicain, sworn statement)": (
        "Engagements signés (contrat d'engagement républicain, déclaration sur l'honneur)"
    ),
    "Ambassadrices' conditions addressed": "Conditions relatives aux ambassadrices prises en compte",
    "submitted on time": "déposé dans les délais",
    "comment": "commentaire",
    "complete": "complet",
    "legal form eligible": "forme juridique éligible",
    "commitments signed": "engagements signés",
    "ambassadrices' conditions addressed": "conditions relatives aux ambassadrices prises en compte",
    "outcome": "conclusion",
    "reasons": "motifs",
    "checked at": "date du contrôle",
    "admissibility check": "contrôle de recevabilité",
    "admissibility checks": "contrôles de recevabilité",
    "Give the reasons why the dossier is not admissible.": "Indiquez les motifs pour lesquels le dossier est irrecevable.",
    "A dossier is admissible only when every item is satisfied.": (
        "Un dossier n'est recevable que si toutes les conditions sont remplies."
    ),
    # review/models.py — assignments, conflicts of interest, reviews
    "assigned at": "date d'affectation",
    "assignment": "affectation",
    "assignments": "affectations",
    "Member or former member of the organisation": "Membre ou ancien membre de l'organisme",
    "Family or personal tie": "Lien familial ou personnel",
    "Professional or financial tie": "Lien professionnel ou financier",
    "explanation": "explication",
    "declared at": "date de déclaration",
    "conflict of interest": "conflit d'intérêts",
    "conflicts of interest": "conflits d'intérêts",
    "Favourable": "Favorable",
    "Reserved": "Réservé",
    "Unfavourable": "Défavorable",
    "recommendation": "avis",
    "overall comment": "commentaire général",
    "score /100": "note /100",
    "Weighted mean of the criterion scores, normalised to 100; set at submission.": (
        "Moyenne pondérée des notes par critère, ramenée sur 100 ; calculée lors de la transmission."
    ),
    "review": "évaluation",
    "reviews": "évaluations",
    "points": "points",
    "justification": "justification",
    "score": "note",
    "scores": "notes",
    # review/models.py — selection and decisions
    "Selected": "Retenu",
    "Waiting list": "Liste d'attente",
    "Rejected": "Non retenu",
    "proposed outcome": "issue proposée",
    "awarded amount (€)": "montant attribué (€)",
    "reason for a reduced amount": "motif de la réduction du montant",
    "rank on the waiting list": "rang sur la liste d'attente",
    "assessment summary for the letter": "synthèse de l'évaluation pour le courrier",
    "proposal": "proposition",
    "proposals": "propositions",
    "The awarded amount must be positive and not above the requested amount.": (
        "Le montant attribué doit être positif et ne pas dépasser le montant demandé."
    ),
    "Award": "Attribution",
    "Refusal": "Refus",
    "Valid": "Valide",
    "Superseded": "Remplacée",
    "assessment summary": "synthèse de l'évaluation",
    "reason for the correction": "motif de la rectification",
    "Single payment": "Versement unique",
    "Staged payments": "Versements échelonnés",
    "payment terms": "modalités de versement",
    "decision email": "courriel de décision",
    "decision emails": "courriels de décision",
    "signatory": "signataire",
    "signatory's role": "qualité du signataire",
    "delegation reference": "référence de la délégation de signature",
    "signed at": "date de signature",
    "SHA-256 fingerprint": "empreinte SHA-256",
    "decision": "décision",
    "decisions": "décisions",
    "Running": "En cours",
    "Done": "Terminé",
    "decision generation": "génération des décisions",
    "decision generations": "générations des décisions",
    "ranking": "classement",
    "rankings": "classements",
    "selection": "sélection",
    "selections": "sélections",
    # templates/403.html, templates/404.html
    "Request refused": "Demande refusée",
    "Error 403": "Erreur 403",
    "Your request could not be accepted. If you were filling in a form, go back, reload the page and send it "
    "again: what you typed is kept by your browser.": (
        "Votre demande n'a pas pu être acceptée. Si vous remplissiez un formulaire, revenez en arrière, "
        "rechargez la page et envoyez-le de nouveau : votre navigateur a conservé votre saisie."
    ),
    "Back to the home page": "Retour à la page d'accueil",
    "Page not found": "Page non trouvée",
    "Error 404": "Erreur 404",
    "The page you are looking for cannot be found, or you are not allowed to see it.": (
        "La page que vous cherchez est introuvable, ou vous n'êtes pas autorisé à la consulter."
    ),
    # templates/applications/_call_cards.html, call_detail.html, home.html
    "Open": "Ouvert",
    "Upcoming": "À venir",
    "Opens on %(date)s (Paris time)": "Ouverture le %(date)s (heure de Paris)",
    "Closes on %(date)s (Paris time)": "Clôture le %(date)s (heure de Paris)",
    "Envelope:": "Enveloppe :",
    "You are here:": "Vous êtes ici :",
    "See breadcrumb": "Voir le fil d'Ariane",
    "Calls": "Appels",
    "Issued by": "Appel lancé par",
    "Framework:": "Cadre :",
    "Purpose": "Objet de l'appel",
    "Workshop themes": "Thèmes des ateliers",
    "Every project must cover all the themes below.": "Chaque projet doit traiter l'ensemble des thèmes ci-dessous.",
    "Who runs the workshops": "Qui anime les ateliers",
    "Beneficiaries": "Bénéficiaires",
    "What each selected carrier does": "Missions de chaque porteur retenu",
    "Départements": "Départements",
    (
        "The project is deployed in the following département:",
        "The project is deployed in the following %(n)s départements:",
    ): (
        "Le projet est déployé dans le département suivant :",
        "Le projet est déployé dans les %(n)s départements suivants :",
    ),
    (
        "Each carrier proposes %(n)s département of deployment.",
        "Each carrier proposes %(n)s départements of deployment.",
    ): (
        "Chaque porteur propose %(n)s département de déploiement.",
        "Chaque porteur propose %(n)s départements de déploiement.",
    ),
    "Selection criteria": "Critères de sélection",
    "Each dossier is scored by at least two reviewers. The score of a review is the weighted mean of the "
    "criteria below, out of 100.": (
        "Chaque dossier est noté par au moins deux instructeurs. La note de chaque évaluation est la moyenne "
        "pondérée des critères ci-dessous, sur 100."
    ),
    "Criteria grid and weights": "Grille des critères et pondérations",
    "Criterion": "Critère",
    "Weight": "Pondération",
    "Share of the score": "Part de la note",
    "Scored out of": "Noté sur",
    "Documents to provide": "Pièces à fournir",
    "optional": "facultatif",
    "accepted formats:": "formats acceptés :",
    "maximum": "taille maximale",
    "Key facts": "L'essentiel",
    "Budget envelope": "Enveloppe budgétaire",
    "Carriers selected": "Porteurs retenus",
    ("at most %(n)s carrier", "at most %(n)s carriers"): ("au plus %(n)s porteur", "au plus %(n)s porteurs"),
    "Opens": "Ouverture",
    "Deadline (Paris time)": "Date limite (heure de Paris)",
    "Time left": "Temps restant",
    "Apply": "Déposer un dossier",
    "Applications open on the date above.": "Le dépôt des dossiers ouvrira à la date indiquée ci-dessus.",
    "This call is closed: applications are no longer accepted.": (
        "Cet appel est clos : les dossiers ne sont plus acceptés."
    ),
    "Calls for expressions of interest": "Appels à manifestation d'intérêt",
    "Associations and other organisations apply online to the calls below, follow their dossier and receive "
    "their decision here.": (
        "Les associations et les autres organismes répondent ici en ligne aux appels ci-dessous, suivent leur "
        "dossier et reçoivent la décision qui les concerne."
    ),
    "Open calls": "Appels ouverts",
    "No call is open at the moment.": "Aucun appel n'est ouvert pour le moment.",
    "Upcoming calls": "Appels à venir",
    "No call is announced yet.": "Aucun appel n'est annoncé pour le moment.",
    "Closed calls": "Appels clos",
    "No call has closed yet.": "Aucun appel n'est encore clos.",
    # templates/applications/my_applications.html, application_detail.html
    "Untitled dossier": "Dossier sans titre",
    "My dossiers": "Mes dossiers",
    "Dossiers of my organisation": "Dossiers de mon organisme",
    "Dossier": "Dossier",
    "Call": "Appel",
    "Status": "Statut",
    "untitled": "sans titre",
    "Your organisation has no dossier yet.": "Votre organisme n'a encore aucun dossier.",
    "Dossiers of %(organisation)s, shared by all its members.": (
        "Dossiers de %(organisation)s, partagés entre tous ses membres."
    ),
    ("%(counter)s dossier", "%(counter)s dossiers"): ("%(counter)s dossier", "%(counter)s dossiers"),
    "Submitted on": "Déposé le",
    "Receipt": "Attestation de dépôt",
    "Information requested: answer": "Compléments demandés : répondre",
    "Receipt (PDF)": "Attestation (PDF)",
    ("%(counter)s message", "%(counter)s messages"): ("%(counter)s message", "%(counter)s messages"),
    "Pagination": "Pagination",
    "Previous page": "Page précédente",
    "Page %(number)s": "Page %(number)s",
    "Next page": "Page suivante",
    "See the open calls and start a dossier": "Voir les appels ouverts et commencer un dossier",
    "Draft dossier": "Dossier en brouillon",
    "This dossier is a draft": "Ce dossier est un brouillon",
    "Every section is complete: check the summary and submit it.": (
        "Toutes les rubriques sont complètes : vérifiez le récapitulatif puis déposez le dossier."
    ),
    "Complete it step by step; it is saved as you go.": (
        "Complétez-le étape par étape ; il est enregistré au fur et à mesure."
    ),
    "Submission closes on %(date)s (Paris time).": "Date limite de dépôt : %(date)s (heure de Paris).",
    "Go to the summary": "Accéder au récapitulatif",
    "Continue my dossier": "Poursuivre mon dossier",
    "The ministry asks you for more information by %(date)s": (
        "Le ministère vous demande des compléments d'information, à fournir au plus tard le %(date)s"
    ),
    "See what is asked and answer": "Voir la demande et y répondre",
    "Content of the dossier": "Contenu du dossier",
    "Submission receipt": "Attestation de dépôt",
    "The « attestation de dépôt » lists your sections and files with their SHA-256 fingerprints.": (
        "L'attestation de dépôt récapitule vos rubriques et vos fichiers, avec leurs empreintes SHA-256."
    ),
    "Download the receipt (PDF)": "Télécharger l'attestation de dépôt (PDF)",
    "Decision": "Décision",
    "signed on %(date)s": "signée le %(date)s",
    "Download the decision (PDF)": "Télécharger la décision (PDF)",
    "Requests for more information": "Demandes de compléments",
    "Request of %(date)s": "Demande du %(date)s",
    "answered on %(date)s": "réponse envoyée le %(date)s",
    "to answer by %(date)s": "réponse attendue au plus tard le %(date)s",
    "Withdraw this dossier": "Retirer ce dossier",
    "Messages": "Messages",
    "The ministry": "Le ministère",
    "Your organisation": "Votre organisme",
    "No message yet.": "Aucun message pour le moment.",
    "Send the message": "Envoyer le message",
    # templates/base.html
    "Home": "Accueil",
    "Skip links": "Accès rapide",
    "Content": "Contenu",
    "Main menu": "Menu principal",
    "Footer": "Pied de page",
    "Menu": "Menu",
    "Calls for expressions of interest of the French State": "Appels à manifestation d'intérêt de l'État",
    "Staff area": "Espace agents",
    "My account": "Mon compte",
    "Log out": "Se déconnecter",
    "Log in": "Se connecter",
    "Create an account": "Créer un compte",
    "Close": "Fermer",
    "Verify a decision": "Vérifier une décision",
    "Portail AMI lets associations apply to the State's calls for expressions of interest, and lets ministries "
    "review them and issue their decisions.": (
        "Portail AMI permet aux associations de répondre aux appels à manifestation d'intérêt de l'État, "
        "et aux ministères d'instruire les dossiers et de rendre leurs décisions."
    ),
    "Site map": "Plan du site",
    "Accessibility: partially compliant": "Accessibilité : partiellement conforme",
    "Legal notice": "Mentions légales",
    "Personal data": "Données personnelles",
    "Cookie management": "Gestion des cookies",
    "Unless stated otherwise, the contents of this site are available under the etalab-2.0 licence.": (
        "Sauf mention contraire, les contenus de ce site sont proposés sous licence etalab-2.0."
    ),
    # templates/dsfr_crispy, templates/includes
    "required": "obligatoire",
    "Line %(number)s": "Ligne %(number)s",
    "The form contains errors": "Le formulaire contient des erreurs",
    "Please correct the following fields; what you typed has been kept.": (
        "Corrigez les champs suivants ; votre saisie a été conservée."
    ),
    # templates/pages/accessibility.html
    "Accessibility statement": "Déclaration d'accessibilité",
    "The ministries that run Portail AMI are committed to making it accessible, in accordance with article 47 "
    "of law no. 2005-102 of 11 February 2005. This statement applies to Portail AMI.": (
        "Les ministères qui exploitent Portail AMI s'engagent à le rendre accessible, conformément à l'article 47 "
        "de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique à Portail AMI."
    ),
    "Compliance status": "État de conformité",
    "Portail AMI is <strong>partially compliant</strong> with the general accessibility improvement framework "
    "(RGAA), version 4.1.": (
        "Portail AMI est <strong>partiellement conforme</strong> au référentiel général d'amélioration "
        "de l'accessibilité (RGAA), version 4.1."
    ),
    "Test results": "Résultats des tests",
    "The pages of the carrier journey and the public pages are checked automatically at every change with "
    "axe-core in a real browser, and their HTML with the Nu HTML Checker. A full manual audit by an independent "
    "auditor has not been carried out yet: until it is, the service does not claim full compliance.": (
        "Les pages du parcours des porteurs et les pages publiques sont vérifiées automatiquement à chaque "
        "modification avec axe-core dans un véritable navigateur, et leur code HTML avec le Nu HTML Checker. "
        "Aucun audit manuel complet n'a encore été réalisé par un auditeur indépendant : d'ici là, le service "
        "ne revendique pas une conformité totale."
    ),
    "Known gaps": "Non-conformités connues",
    "The staff screens (reviewing, selection) rely on the Django administration interface, which has not "
    "been audited in full.": (
        "Les écrans réservés aux agents (instruction, sélection) reposent sur l'interface d'administration "
        "de Django, qui n'a pas été auditée dans son intégralité."
    ),
    "Documents uploaded by carriers are published as they were provided and may not be accessible.": (
        "Les documents déposés par les porteurs sont mis à disposition tels qu'ils ont été fournis "
        "et peuvent ne pas être accessibles."
    ),
    "Feedback and contact": "Retour d'information et contact",
    "If you cannot access a content or a service, contact the service at accessibilite-ami@interieur.gouv.fr "
    "to be directed to an accessible alternative or to obtain the content in another form.": (
        "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le service "
        "à l'adresse accessibilite-ami@interieur.gouv.fr pour être orienté vers une alternative accessible "
        "ou obtenir le contenu sous une autre forme."
    ),
    "Remedies": "Voies de recours",
    "If you reported an accessibility defect that prevents you from accessing a content or a service, and did "
    "not get a satisfactory answer, you may refer the matter to the Défenseur des droits: through the online "
    "form at defenseurdesdroits.fr, by contacting its delegate in your region, or by post (free of charge, no "
    "stamp needed) to Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.": (
        "Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service "
        "et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : "
        "par le formulaire en ligne sur defenseurdesdroits.fr, en contactant son délégué dans votre région, "
        "ou par courrier postal (gratuit, sans timbre) à l'adresse Défenseur des droits, Libre réponse 71120, "
        "75342 Paris CEDEX 07."
    ),
    # templates/pages/coming_soon.html, cookies.html
    "Page not available yet": "Page pas encore disponible",
    "This part of the service is not open yet.": "Cette partie du service n'est pas encore ouverte.",
    "Portail AMI sets only the cookies that are strictly necessary for it to work, which do not require your "
    "consent:": (
        "Portail AMI dépose uniquement les cookies strictement nécessaires à son fonctionnement, "
        "qui ne requièrent pas votre consentement :"
    ),
    "a session cookie, which keeps you signed in;": "un cookie de session, qui vous maintient connecté ;",
    "a security cookie (CSRF), which protects the forms you send;": (
        "un cookie de sécurité (CSRF), qui protège les formulaires que vous envoyez ;"
    ),
    "a language cookie, if you choose another language.": "un cookie de langue, si vous choisissez une autre langue.",
    "No audience measurement or advertising cookie is used.": (
        "Aucun cookie de mesure d'audience ni de publicité n'est utilisé."
    ),
    # templates/pages/legal_notice.html
    "Publisher": "Éditeur",
    "Ministère de l'Intérieur et des Outre-mer — Direction générale des étrangers en France (DGEF), Direction "
    "de l'intégration et de l'accès à la nationalité (DIAN), place Beauvau, 75800 Paris Cedex 08.": (
        "Ministère de l'Intérieur et des Outre-mer — Direction générale des étrangers en France (DGEF), "
        "Direction de l'intégration et de l'accès à la nationalité (DIAN), place Beauvau, 75800 Paris Cedex 08."
    ),
    "Director of publication": "Directeur de la publication",
    "The director general of foreigners in France.": "Le directeur général des étrangers en France.",
    "Hosting": "Hébergement",
    "The service is hosted on infrastructure operated for the State in France.": (
        "Le service est hébergé en France sur une infrastructure exploitée pour le compte de l'État."
    ),
    "Licence": "Licence",
    # templates/pages/personal_data.html
    "Controller": "Responsable du traitement",
    "The Direction générale des étrangers en France (DGEF) of the Ministère de l'Intérieur et des Outre-mer is "
    "the controller of the processing of personal data carried out by Portail AMI.": (
        "La Direction générale des étrangers en France (DGEF) du ministère de l'Intérieur et des Outre-mer est "
        "responsable du traitement des données personnelles mis en œuvre par Portail AMI."
    ),
    "Purpose and legal basis": "Finalité et base légale",
    "The data are processed to receive, review and decide on the applications to calls for expressions of "
    "interest, as part of the public-interest mission of the ministries (article 6-1-e of the GDPR).": (
        "Les données sont traitées afin de recevoir et d'instruire les candidatures aux appels à manifestation "
        "d'intérêt, et de statuer sur celles-ci, dans le cadre de la mission d'intérêt public des ministères "
        "(article 6-1-e du RGPD)."
    ),
    "Data collected": "Données collectées",
    "Only what the review requires: identity and contact details of the account holders, of the legal "
    "representative and of the contact person of the organisation, and the content of the dossier.": (
        "Uniquement ce qu'exige l'instruction : l'identité et les coordonnées des titulaires de compte, "
        "du représentant légal et de la personne à contacter de l'organisme, ainsi que le contenu du dossier."
    ),
    "Retention period": "Durée de conservation",
    "Dossiers that are not selected are anonymised after the retention period set for the call (by default "
    "two years after the decision); statistics are kept. Dossiers that receive a grant are kept for ten years "
    "for audit purposes.": (
        "Les dossiers non retenus sont anonymisés à l'issue de la durée de conservation fixée pour l'appel "
        "(par défaut, deux ans après la décision) ; les statistiques sont conservées. Les dossiers ayant obtenu "
        "une subvention sont conservés dix ans à des fins de contrôle."
    ),
    "Your rights": "Vos droits",
    "You may access, correct and limit the processing of your data, and object to it, by writing to the data "
    "protection officer of the Ministère de l'Intérieur. You may also lodge a complaint with the CNIL.": (
        "Vous disposez d'un droit d'accès à vos données, de rectification, de limitation du traitement et "
        "d'opposition, que vous pouvez exercer en écrivant au délégué à la protection des données du ministère "
        "de l'Intérieur. Vous pouvez également adresser une réclamation à la CNIL."
    ),
    # templates/registration/locked_out.html
    "Too many attempts": "Trop de tentatives",
    "For your security, logging in is suspended for a few minutes after several failed attempts. Try again "
    "later, or reset your password.": (
        "Pour votre sécurité, la connexion est suspendue pendant quelques minutes après plusieurs tentatives "
        "infructueuses. Réessayez plus tard ou réinitialisez votre mot de passe."
    ),
}
