"""French for the accessibility statement, the footer's compliance level and the form pack's error summary."""

FR = {
    # templates/admin/base_site.html (Django's own defaults, shown only if the site has no header of its own)
    "Django site admin": "Site d’administration de Django",
    "Django administration": "Administration de Django",
    "Accessibility: not compliant": "Accessibilité : non conforme",
    "The ministries that run Portail AMI are committed to making it accessible, in accordance with article 47 of "
    "law no. 2005-102 of 11 February 2005.": (
        "Les ministères qui opèrent Portail AMI s’engagent à le rendre accessible, conformément à l’article 47 "
        "de la loi n° 2005-102 du 11 février 2005."
    ),
    "This accessibility statement applies to Portail AMI: its public pages, the pages where carriers apply and "
    "follow their dossiers, and the staff screens.": (
        "Cette déclaration d’accessibilité s’applique à Portail AMI : ses pages publiques, les pages où les porteurs "
        "de projet déposent et suivent leurs dossiers, et les écrans des agents."
    ),
    "Portail AMI is <strong>not compliant</strong> with the general accessibility improvement framework (RGAA), "
    "version 4.1: no compliance audit of the 106 RGAA criteria has been carried out yet, and without such an audit "
    "a service may not declare itself partially or fully compliant.": (
        "Portail AMI est <strong>non conforme</strong> avec le référentiel général d’amélioration de "
        "l’accessibilité (RGAA), version 4.1 : aucun audit de conformité portant sur les 106 critères du RGAA n’a "
        "encore été réalisé, et sans un tel audit un service ne peut se déclarer partiellement ou totalement "
        "conforme."
    ),
    "What has been tested": "Ce qui a été testé",
    "While waiting for an audit, every change to the service is checked automatically, on every public page and "
    "every carrier page (empty, filled in and with errors), at desktop and phone widths, and on the staff screens "
    "built for this service and those that configure a call:": (
        "Dans l’attente d’un audit, chaque modification du service est vérifiée automatiquement, sur chaque page "
        "publique et chaque page des porteurs de projet (vide, remplie et en erreur), en largeur d’ordinateur et "
        "de téléphone, ainsi que sur les écrans des agents conçus pour ce service et ceux qui paramètrent un appel :"
    ),
    "axe-core, in the Chromium browser: no « serious » or « critical » violation is accepted; the other findings "
    "are listed, each with a decision, in the project's audit document;": (
        "axe-core, dans le navigateur Chromium : aucune anomalie « grave » ou « critique » n’est acceptée ; les "
        "autres constats sont recensés, chacun avec une décision, dans le document d’audit du projet ;"
    ),
    "the W3C's Nu HTML Checker: no HTML error is accepted;": (
        "le validateur HTML du W3C (Nu HTML Checker) : aucune erreur HTML n’est acceptée ;"
    ),
    "the RGAA rules for forms: every field has a visible label, required fields say so in words, grouped choices "
    "sit in a fieldset with a legend, errors are listed in a summary that receives the focus and links to each "
    "field, and each error is tied to its field;": (
        "les règles du RGAA pour les formulaires : chaque champ a une étiquette visible, les champs obligatoires "
        "sont signalés en toutes lettres, les choix groupés sont dans un groupe de champs avec sa légende, les "
        "erreurs sont listées dans un récapitulatif qui reçoit le focus et renvoie vers chaque champ, et chaque "
        "erreur est reliée à son champ ;"
    ),
    "a complete application, from logging in to submitting the dossier, made with the keyboard alone, checking at "
    "every step that the focus is visible and follows the reading order;": (
        "un dépôt complet, de la connexion à la transmission du dossier, réalisé au clavier seul, en vérifiant à "
        "chaque étape que le focus est visible et suit l’ordre de lecture ;"
    ),
    "the submission receipts and the decisions in PDF: tagged, with a title, the French language and a reading "
    "order.": (
        "les attestations de dépôt et les décisions au format PDF : balisées, avec un titre, la langue française "
        "et un ordre de lecture."
    ),
    "Automated tools find only part of the problems. The service has not yet been tested with screen readers "
    "(NVDA, JAWS, VoiceOver) nor by people with disabilities.": (
        "Les outils automatiques ne détectent qu’une partie des problèmes. Le service n’a pas encore été testé "
        "avec des lecteurs d’écran (NVDA, JAWS, VoiceOver) ni par des personnes en situation de handicap."
    ),
    "Known non-accessible content": "Contenus non accessibles connus",
    "Date fields use the browser's date picker, whose format follows the browser's language.": (
        "Les champs de date utilisent le sélecteur de date du navigateur, dont le format suit la langue du navigateur."
    ),
    "The PDF documents produced by the service are tagged, but have not been checked against the PDF/UA standard.": (
        "Les documents PDF produits par le service sont balisés, mais n’ont pas été contrôlés au regard de la "
        "norme PDF/UA."
    ),
    "Content not subject to the accessibility obligation": "Contenus non soumis à l’obligation d’accessibilité",
    "Documents uploaded by carriers (statutes, budgets, reports…) are third-party content: they are kept as they "
    "were provided and may not be accessible.": (
        "Les pièces déposées par les porteurs de projet (statuts, budgets, rapports…) sont des contenus de tiers : "
        "elles sont conservées telles qu’elles ont été fournies et peuvent ne pas être accessibles."
    ),
    "Preparation of this statement": "Établissement de cette déclaration",
    "This statement was prepared on 29 November 2026, from the automated checks described above.": (
        "Cette déclaration a été établie le 29 novembre 2026, à partir des vérifications automatiques décrites "
        "ci-dessus."
    ),
    "Technologies the service relies on: HTML5, CSS, JavaScript (progressive enhancement only: every page works "
    "without it), WAI-ARIA, and the State's design system (DSFR).": (
        "Technologies sur lesquelles repose le service : HTML5, CSS, JavaScript (en amélioration progressive "
        "seulement : chaque page fonctionne sans), WAI-ARIA et le système de design de l’État (DSFR)."
    ),
    # The call configuration screens (applications/admin.py, applications/admin_widgets.py)
    # templates/admin/applications/call/stacked.html, a copy of Django's (same French as Django's catalogue)
    "Change": "Modification",
    "View": "Afficher",
    "View on site": "Voir sur le site",
    "Date": "Date",
    "Time": "Heure",
    "For example: %(example)s": "Par exemple : %(example)s",
    "%(item)s no. %(number)s": "%(item)s n° %(number)s",
    "Only used when the départements are fixed by the call.": (
        "Utilisés seulement lorsque les départements sont fixés par l’appel."
    ),
}
