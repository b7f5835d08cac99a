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
}
