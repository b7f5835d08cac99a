"""French translations of the staff home (admin index, review/staff_home.py) and the charts (review/charts.py)."""

FR = {
    # Reviewers
    "To review": "À évaluer",
    "Your reviews in each call": "Vos évaluations dans chaque appel",
    "Review deadline": "Date limite d'évaluation",
    "passed": "dépassée",
    "none set": "non fixée",
    "%(submitted)s of %(total)s submitted": "%(submitted)s sur %(total)s soumises",
    (
        "%(counter)s dossier to score, soonest deadline first",
        "%(counter)s dossiers to score, soonest deadline first",
    ): (
        "%(counter)s dossier à évaluer, la date limite la plus proche d'abord",
        "%(counter)s dossiers à évaluer, la date limite la plus proche d'abord",
    ),
    "Your review": "Votre évaluation",
    "Continue the review of %(reference)s": "Reprendre l'évaluation de %(reference)s",
    "Score %(reference)s": "Évaluer %(reference)s",
    ("See the %(counter)s dossier to score", "See all %(counter)s dossiers to score"): (
        "Voir le %(counter)s dossier à évaluer",
        "Voir les %(counter)s dossiers à évaluer",
    ),
    "No dossier waits for your review.": "Aucun dossier n'attend votre évaluation.",
    # Admissibility and exchanges
    "Admissibility and exchanges with carriers": "Recevabilité et échanges avec les porteurs",
    (
        "%(counter)s dossier waiting for the admissibility check",
        "%(counter)s dossiers waiting for the admissibility check",
    ): (
        "%(counter)s dossier en attente de la vérification de recevabilité",
        "%(counter)s dossiers en attente de la vérification de recevabilité",
    ),
    "Check the admissibility of %(reference)s": "Vérifier la recevabilité de %(reference)s",
    "submitted on %(date)s": "déposé le %(date)s",
    "See every submitted dossier": "Voir tous les dossiers déposés",
    (
        "%(counter)s request for more information waiting for an answer",
        "%(counter)s requests for more information waiting for an answer",
    ): (
        "%(counter)s demande de compléments en attente de réponse",
        "%(counter)s demandes de compléments en attente de réponse",
    ),
    "answer due by %(date)s": "réponse attendue le %(date)s au plus tard",
    "late": "en retard",
    (
        "%(counter)s dossier with unread carrier messages",
        "%(counter)s dossiers with unread carrier messages",
    ): (
        "%(counter)s dossier avec des messages du porteur non lus",
        "%(counter)s dossiers avec des messages du porteur non lus",
    ),
    "Read the messages of %(reference)s": "Lire les messages de %(reference)s",
    ("%(counter)s unread message", "%(counter)s unread messages"): (
        "%(counter)s message non lu",
        "%(counter)s messages non lus",
    ),
    # The committee
    "Selection committee": "Comité de sélection",
    "Ranking and selection of each call": "Classement et sélection de chaque appel",
    "Submitted dossiers": "Dossiers déposés",
    "Missing reviews": "Évaluations manquantes",
    "Disagreements": "Désaccords",
    "Screens": "Écrans",
    "%(selected)s selected of %(cap)s, %(waiting)s on the waiting list": (
        "%(selected)s retenus sur %(cap)s, %(waiting)s en liste d'attente"
    ),
    'Ranking<span class="ami-visually-hidden"> of %(call)s</span>': (
        'Classement<span class="ami-visually-hidden"> de « %(call)s »</span>'
    ),
    'Selection<span class="ami-visually-hidden"> of %(call)s</span>': (
        'Sélection<span class="ami-visually-hidden"> de « %(call)s »</span>'
    ),
    (
        "%(counter)s admissible dossier still missing reviews",
        "%(counter)s admissible dossiers still missing reviews",
    ): (
        "%(counter)s dossier recevable auquel il manque des évaluations",
        "%(counter)s dossiers recevables auxquels il manque des évaluations",
    ),
    "%(done)s of %(wanted)s reviews submitted": "%(done)s évaluations soumises sur %(wanted)s",
    "Dossiers to assign or reassign": "Dossiers à affecter ou à réaffecter",
    (
        "%(counter)s disagreement between reviewers to settle",
        "%(counter)s disagreements between reviewers to settle",
    ): (
        "%(counter)s désaccord entre instructeurs à arbitrer",
        "%(counter)s désaccords entre instructeurs à arbitrer",
    ),
    "scores from %(low)s to %(high)s out of 100, a gap of %(spread)s points (threshold %(threshold)s)": (
        "notes de %(low)s à %(high)s sur 100, un écart de %(spread)s points (seuil : %(threshold)s)"
    ),
    "At a glance — %(call)s": "En un coup d'œil — %(call)s",
    # Officials
    "Signatures and sending": "Signatures et envois",
    ("%(counter)s decision waiting for signature", "%(counter)s decisions waiting for signature"): (
        "%(counter)s décision en attente de signature",
        "%(counter)s décisions en attente de signature",
    ),
    ("Sign %(counter)s decision of « %(call)s »", "Sign the %(counter)s decisions of « %(call)s »"): (
        "Signer %(counter)s décision de « %(call)s »",
        "Signer les %(counter)s décisions de « %(call)s »",
    ),
    "First proposals waiting for their decision": "Premières propositions en attente de leur décision",
    "Awarded amount": "Montant attribué",
    "Decision emails": "Courriels de décision",
    ("%(counter)s draft to read and send", "%(counter)s drafts to read and send"): (
        "%(counter)s brouillon à relire et envoyer",
        "%(counter)s brouillons à relire et envoyer",
    ),
    ("%(counter)s email whose sending failed", "%(counter)s emails whose sending failed"): (
        "%(counter)s courriel dont l'envoi a échoué",
        "%(counter)s courriels dont l'envoi a échoué",
    ),
    "to look at": "à examiner",
    "Generations of the decision PDFs": "Générations des PDF de décision",
    "%(done)s of %(total)s generated": "%(done)s sur %(total)s générées",
    "with failures": "avec des échecs",
    "No generation yet.": "Aucune génération pour l'instant.",
    # Charts
    "The chart's figures as a table": "Les données du graphique sous forme de tableau",
    "Points given (number of reviews above each column)": "Points attribués (nombre d'évaluations au-dessus de chaque colonne)",
    "Left of the axis: harsher than the call's mean; right: more lenient.": (
        "À gauche de l'axe : plus sévère que la moyenne de l'appel ; à droite : plus indulgent."
    ),
    "envelope: %(envelope)s": "enveloppe : %(envelope)s",
    ("%(count)d dossier", "%(count)d dossiers"): ("%(count)d dossier", "%(count)d dossiers"),
    ("%(count)d other département", "%(count)d other départements"): (
        "%(count)d autre département",
        "%(count)d autres départements",
    ),
    "Submitted dossiers per département they propose to cover (a dossier counts once in each of its "
    "départements), %(count)s départements in all; the most proposed: %(first)s (%(dossiers)s).": (
        "Dossiers déposés par département proposé (un dossier compte une fois dans chacun de ses "
        "départements), %(count)s départements en tout ; le plus proposé : %(first)s (%(dossiers)s)."
    ),
    "No submitted dossier proposes a département yet.": "Aucun dossier déposé ne propose encore de département.",
    "Submitted dossiers per département": "Dossiers déposés par département",
    "Dossiers per département": "Dossiers par département",
    "No submitted dossier yet.": "Aucun dossier déposé pour l'instant.",
    "Submitted dossiers covering each of the %(count)s themes (a dossier counts once in each theme it "
    "covers); the most covered: %(most)s (%(most_n)s); the least: %(least)s (%(least_n)s).": (
        "Dossiers déposés couvrant chacune des %(count)s thématiques (un dossier compte une fois dans chaque "
        "thématique couverte) ; la plus couverte : %(most)s (%(most_n)s) ; la moins couverte : %(least)s "
        "(%(least_n)s)."
    ),
    "No submitted dossier covers a theme yet.": "Aucun dossier déposé ne couvre encore de thématique.",
    "Submitted dossiers per theme": "Dossiers déposés par thématique",
    "Theme": "Thématique",
    "Dossiers per theme": "Dossiers par thématique",
    "The call has no theme.": "L'appel n'a pas de thématique.",
    ("%(count)d point", "%(count)d points"): ("%(count)d point", "%(count)d points"),
    "Criterion %(position)s: %(label)s": "Critère %(position)s : %(label)s",
    "%(reviews)s, points from 0 to %(max)s: mean %(mean)s; most given: %(mode)s "
    "(%(mode_n)s times); lowest given %(low)s, highest %(high)s.": (
        "%(reviews)s, de 0 à %(max)s points : moyenne %(mean)s ; note la plus fréquente : "
        "%(mode)s (%(mode_n)s fois) ; note la plus basse %(low)s, la plus haute %(high)s."
    ),
    ("%(count)d submitted review", "%(count)d submitted reviews"): (
        "%(count)d évaluation soumise",
        "%(count)d évaluations soumises",
    ),
    "Points given on « %(label)s »": "Points attribués sur « %(label)s »",
    "No submitted review yet.": "Aucune évaluation soumise pour l'instant.",
    "Reviewers' leniency against the call's mean": "Indulgence des instructeurs par rapport à la moyenne de l'appel",
    "Each reviewer's mean score against the call's mean (points out of 100)": (
        "Note moyenne de chaque instructeur par rapport à la moyenne de l'appel (points sur 100)"
    ),
    "Mean score /100": "Note moyenne /100",
    "Gap to the call's mean": "Écart à la moyenne de l'appel",
    "Calibration applied": "Calibration appliquée",
    "no (a single review)": "non (une seule évaluation)",
    "No submitted review yet: there is nothing to compare.": (
        "Aucune évaluation soumise pour l'instant : rien à comparer."
    ),
    "%(gap)s points": "%(gap)s points",
    "Mean of the call: %(mean)s out of 100 over %(reviews)s by %(reviewers)s. Most lenient: %(most)s "
    "(%(most_gap)s points); harshest: %(least)s (%(least_gap)s points). The calibrated scores correct these gaps.": (
        "Moyenne de l'appel : %(mean)s sur 100 pour %(reviews)s par %(reviewers)s. Le plus indulgent : %(most)s "
        "(%(most_gap)s points) ; le plus sévère : %(least)s (%(least_gap)s points). Les notes calibrées "
        "corrigent ces écarts."
    ),
    ("%(count)d reviewer", "%(count)d reviewers"): ("%(count)d instructeur", "%(count)d instructeurs"),
    "%(awarded)s awarded of %(envelope)s — envelope exceeded by %(excess)s": (
        "%(awarded)s attribués sur %(envelope)s — dépassement de %(excess)s"
    ),
    "%(awarded)s awarded of %(envelope)s — %(remaining)s left": (
        "%(awarded)s attribués sur %(envelope)s — %(remaining)s restants"
    ),
    (
        "%(selected)d carrier selected of %(cap)d allowed",
        "%(selected)d carriers selected of %(cap)d allowed",
    ): (
        "%(selected)d porteur retenu sur %(cap)d autorisés",
        "%(selected)d porteurs retenus sur %(cap)d autorisés",
    ),
    "Figure": "Donnée",
    "Value": "Valeur",
    "Envelope exceeded by": "Dépassement de l'enveloppe",
    "Left": "Restant",
    "Share of the envelope awarded": "Part de l'enveloppe attribuée",
    "Carriers selected / allowed": "Porteurs retenus / autorisés",
}
