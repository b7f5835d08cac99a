"""The public verification's generic messages (review/views.py), and what a corrected award or an
amended grant tells the officials (applications/grants, review/staff_home.py)."""

FR = {
    "This file is larger than 20 MB: it cannot be an act of this portal.": (
        "Ce fichier dépasse 20 Mo : ce ne peut pas être un acte de ce portail."
    ),
    "No act of this portal has this verification code. Check what you typed.": (
        "Aucun acte de ce portail ne porte ce code de vérification. Vérifiez votre saisie."
    ),
    "No act of this portal has exactly this file: it is not a genuine act, or it was altered.": (
        "Aucun acte de ce portail ne correspond exactement à ce fichier : ce n'est pas un acte "
        "authentique, ou il a été modifié."
    ),
    # applications/grants/models.py, conventions.py, admin.py, templates/admin/grants/grant.html
    "corrective decision to carry out": "décision rectificative à mettre en œuvre",
    "Corrective decision to carry out": "Décision rectificative à mettre en œuvre",
    (
        "Decision withdrawn by the corrective decision of %(date)s (%(reference)s): terminate the "
        "convention and issue an ordre de reversement for the sums paid."
    ): (
        "Décision retirée par la décision rectificative du %(date)s (%(reference)s) : résilier la "
        "convention et émettre un ordre de reversement pour les sommes versées."
    ),
    (
        "Amount changed by the corrective decision of %(date)s (%(reference)s): %(amount)s instead "
        "of %(current)s. An amendment is needed."
    ): (
        "Montant modifié par la décision rectificative du %(date)s (%(reference)s) : %(amount)s au lieu "
        "de %(current)s. Un avenant est nécessaire."
    ),
    (
        "Amount changed by the corrective decision of %(date)s (%(reference)s): %(amount)s instead of "
        "%(current)s, which the payments already approved or paid keep the grant from following. "
        "Settle the payments (an ordre de reversement if too much was paid)."
    ): (
        "Montant modifié par la décision rectificative du %(date)s (%(reference)s) : %(amount)s au lieu "
        "de %(current)s, que les versements déjà approuvés ou effectués empêchent la subvention de "
        "suivre. Régulariser les versements (un ordre de reversement si trop a été versé)."
    ),
    (
        "Amount changed by the corrective decision of %(date)s (%(reference)s) to %(amount)s: the "
        "grant now requires a convention, and nothing more is paid before it is signed. Prepare it."
    ): (
        "Montant porté à %(amount)s par la décision rectificative du %(date)s (%(reference)s) : la "
        "subvention requiert désormais une convention, et rien de plus n'est versé avant sa signature. "
        "Préparez-la."
    ),
    # The official's home (review/staff_home.py, templates/admin/review/home/_official.html)
    (
        "%(counter)s grant changed by a corrective decision",
        "%(counter)s grants changed by a corrective decision",
    ): (
        "%(counter)s subvention modifiée par une décision rectificative",
        "%(counter)s subventions modifiées par une décision rectificative",
    ),
    "to carry out": "à mettre en œuvre",
    # The audit log (review/templatetags/review_admin.py)
    "Grant amount changed by a corrective decision": "Montant de la subvention modifié par une décision rectificative",
    "Grant attached to the corrective decision": "Subvention rattachée à la décision rectificative",
    "Award of the grant withdrawn by a corrective decision": (
        "Attribution de la subvention retirée par une décision rectificative"
    ),
    "Corrective decision carried out by the signed convention": (
        "Décision rectificative mise en œuvre par la convention signée"
    ),
    "Convention now required by a corrective decision": "Convention désormais requise par une décision rectificative",
    "Payment deferred until the convention is signed": "Versement reporté à la signature de la convention",
    "corrective decision still to carry out": "décision rectificative restant à mettre en œuvre",
}
