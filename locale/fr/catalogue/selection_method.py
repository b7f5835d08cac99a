"""The selection method published on the call page, both suggestions on the committee's screen, the
minimum score, and the carrier's explanation of the algorithm."""

FR = {
    # applications/selection_methods.py — the published rules
    (
        "The score of a dossier is the mean of the scores its reviewers gave, each being the weighted "
        "mean of the criteria of the grid, out of 100 (every criterion is scored and justified). "
        "Dossiers are ranked from the highest score to the lowest."
    ): (
        "La note d'un dossier est la moyenne des notes de ses évaluateurs, chacune étant la moyenne "
        "pondérée des critères de la grille, sur 100 (chaque critère est noté et justifié). Les dossiers "
        "sont classés de la meilleure note à la moins bonne."
    ),
    (
        "The ranking uses calibrated scores: some reviewers score more generously than others, so "
        "each reviewer's scores are compared with that reviewer's own average and spread over every "
        "dossier they reviewed in this call, then put back on the 0–100 scale with the average and "
        "spread of all the call's reviews. The order of one reviewer's own scores never changes; the "
        "score of a reviewer who reviewed a single dossier is kept as it is."
    ): (
        "Le classement utilise les notes calibrées : certains évaluateurs notent plus largement que "
        "d'autres ; chaque note d'un évaluateur est donc comparée à la moyenne et à la dispersion de ses "
        "propres notes sur tous les dossiers qu'il a évalués dans cet appel, puis ramenée sur l'échelle "
        "de 0 à 100 avec la moyenne et la dispersion de toutes les évaluations de l'appel. L'ordre des "
        "notes d'un même évaluateur ne change jamais ; la note d'un évaluateur qui n'a évalué qu'un "
        "dossier est conservée telle quelle."
    ),
    (
        "Between two dossiers with the same score, the other score (raw or calibrated) decides, then "
        "the smaller requested amount, then the dossier created first."
    ): (
        "Entre deux dossiers de même note, l'autre note (brute ou calibrée) les départage, puis le "
        "montant demandé le plus faible, puis le dossier créé le premier."
    ),
    "No minimum score is set: every fully reviewed dossier can be suggested.": (
        "Aucun score minimal n'est fixé : tout dossier entièrement évalué peut être suggéré."
    ),
    (
        "A dossier whose score is below %(minimum)s points out of 100 is never suggested. The committee "
        "may select it only exceptionally, with a written reason recorded with its proposal."
    ): (
        "Un dossier dont la note est inférieure à %(minimum)s points sur 100 n'est jamais suggéré. Le "
        "comité ne peut le retenir qu'à titre exceptionnel, par un motif écrit consigné avec sa proposition."
    ),
    (
        "The grants awarded add up to at most %(envelope)s in total, and at most %(cap)d carrier is "
        "selected. A suggestion awards each dossier the amount it requests.",
        "The grants awarded add up to at most %(envelope)s in total, and at most %(cap)d carriers are "
        "selected. A suggestion awards each dossier the amount it requests.",
    ): (
        "Les subventions attribuées totalisent au plus %(envelope)s et au plus %(cap)d porteur est "
        "retenu. Une suggestion accorde à chaque dossier le montant qu'il demande.",
        "Les subventions attribuées totalisent au plus %(envelope)s et au plus %(cap)d porteurs sont "
        "retenus. Une suggestion accorde à chaque dossier le montant qu'il demande.",
    ),
    (
        "The ranking is read from the top. Each "
        "dossier is taken if its requested amount still fits in what is left of the envelope and if "
        "fewer than %(cap)d dossiers are taken; otherwise it is skipped and the next one is examined. "
        "The reading stops when the cap is reached."
    ): (
        "Le classement est parcouru à partir du premier. Chaque dossier est retenu si son montant demandé tient encore dans ce qui "
        "reste de l'enveloppe et si moins de %(cap)d dossiers sont retenus ; sinon il est passé et le "
        "suivant est examiné. Le parcours s'arrête quand le plafond est atteint."
    ),
    (
        "Among all the groups of at most "
        "%(cap)d dossiers whose requested amounts fit together in the envelope, the one whose scores "
        "add up to the most is suggested (computed exactly, not estimated). Between groups with the "
        "same total, the one asking for less money, then the one with the better-ranked dossiers. A "
        "well-ranked dossier may therefore be left out if two others together score more."
    ): (
        "Parmi tous les groupes d'au plus "
        "%(cap)d dossiers dont les montants demandés tiennent ensemble dans l'enveloppe, celui dont les "
        "notes additionnées sont les plus élevées est suggéré (calcul exact, non estimé). Entre groupes "
        "de même total, celui qui demande le moins, puis celui dont les dossiers sont les mieux classés. "
        "Un dossier bien classé peut donc être écarté si deux autres obtiennent ensemble davantage."
    ),
    (
        "This computation is advice to the selection committee, which reads the reviews and decides: it "
        "may depart from the suggestion, and the minutes of the committee record both. Once a decision "
        "is taken, each carrier can download from their dossier page the explanation of how these "
        "rules applied to their dossier (code des relations entre le public et l'administration, "
        "articles L.311-3-1 and R.311-3-1-2)."
    ): (
        "Ce calcul est un avis donné au comité de sélection, qui lit les évaluations et décide : il peut "
        "s'écarter de la suggestion, et le procès-verbal du comité mentionne l'une et l'autre. Une fois la "
        "décision prise, chaque porteur peut télécharger depuis la page de son dossier l'explication de "
        "l'application de ces règles à son dossier (code des relations entre le public et "
        "l'administration, articles L.311-3-1 et R.311-3-1-2)."
    ),
    # templates/applications/call_detail.html
    "How dossiers are selected": "Comment les dossiers sont sélectionnés",
    "Selection method: %(method)s": "Méthode de sélection : %(method)s",
    # review/selection.py, review/forms_selection.py, the proposal screen
    (
        "This dossier's score (%(score)s/100) is below the call's minimum score (%(minimum)s/100): "
        "give the reason for selecting it all the same."
    ): (
        "La note de ce dossier (%(score)s/100) est inférieure au score minimal de l'appel "
        "(%(minimum)s/100) : indiquez le motif pour lequel il est retenu malgré tout."
    ),
    "Reason for selecting a dossier below the minimum score": (
        "Motif de la sélection d'un dossier sous le score minimal"
    ),
    (
        "This dossier's score is below the call's minimum: it can be selected only with a written "
        "reason, recorded with the proposal."
    ): (
        "La note de ce dossier est inférieure au score minimal de l'appel : il ne peut être retenu que "
        "par un motif écrit, consigné avec la proposition."
    ),
    "Minimum score": "Score minimal",
    "this dossier is below it: selecting it needs a reason": (
        "ce dossier est en dessous : le retenir demande un motif"
    ),
    # templates/admin/selection/selection.html — both suggestions side by side
    "The call's published method": "Méthode publiée de l'appel",
    (
        "The committee's selection totals %(committee)s points for %(amount)s; this suggestion totals "
        "%(score)s points for %(suggested)s."
    ): (
        "La sélection du comité totalise %(committee)s points pour %(amount)s ; cette suggestion "
        "totalise %(score)s points pour %(suggested)s."
    ),
    "The two methods compared": "Les deux méthodes comparées",
    (
        "Both suggestions read the same ranking and award each dossier what it requests; %(count)s "
        "fully reviewed dossier scores below the minimum of %(minimum)s/100 and is never suggested.",
        "Both suggestions read the same ranking and award each dossier what it requests; %(count)s "
        "fully reviewed dossiers score below the minimum of %(minimum)s/100 and are never suggested.",
    ): (
        "Les deux suggestions lisent le même classement et accordent à chaque dossier ce qu'il demande ; "
        "%(count)s dossier entièrement évalué a une note inférieure au minimum de %(minimum)s/100 et "
        "n'est jamais suggéré.",
        "Les deux suggestions lisent le même classement et accordent à chaque dossier ce qu'il demande ; "
        "%(count)s dossiers entièrement évalués ont une note inférieure au minimum de %(minimum)s/100 et "
        "ne sont jamais suggérés.",
    ),
    "They are advice: the committee decides, and the minutes record both.": (
        "Ce sont des avis : le comité décide, et le procès-verbal mentionne l'une et l'autre."
    ),
    "Both methods suggest the same dossiers.": "Les deux méthodes suggèrent les mêmes dossiers.",
    "Only « %(method)s » keeps:": "Seule « %(method)s » retient :",
    "score %(score)s, %(amount)s": "note %(score)s, %(amount)s",
    (
        "In all: %(count)s dossier, %(score)s points, %(amount)s.",
        "In all: %(count)s dossiers, %(score)s points, %(amount)s.",
    ): (
        "Au total : %(count)s dossier, %(score)s points, %(amount)s.",
        "Au total : %(count)s dossiers, %(score)s points, %(amount)s.",
    ),
    (
        "The walk in rank order keeps the best-ranked dossier even when what is left of the envelope "
        "then fits fewer or weaker dossiers; the best total may leave a well-ranked dossier out when "
        "two others together score more."
    ): (
        "Le parcours dans l'ordre du classement retient le dossier le mieux classé même si ce qui reste "
        "de l'enveloppe ne permet plus alors que des dossiers moins nombreux ou moins bien notés ; le "
        "meilleur total peut écarter un dossier bien classé quand deux autres obtiennent ensemble davantage."
    ),
    "best total": "meilleur total",
    "below the minimum": "sous le minimum",
    "in rank order": "ordre du classement",
    # templates/applications/application_detail.html
    "How the scores, the ranking and the suggested selection contributed to this decision, with your dossier's figures:": (
        "Comment les notes, le classement et la sélection suggérée ont contribué à cette décision, avec "
        "les chiffres de votre dossier :"
    ),
    "Download the explanation of the algorithm (PDF)": "Télécharger l'explication de l'algorithme (PDF)",
}
