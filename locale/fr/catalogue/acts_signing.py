"""French translations of the rules of legal acts: signing date, reasons, call settings that cannot undo decisions."""

FR = {
    # Signing: the date is the server's, the facts come first
    "The decisions of this call can only be signed once it has closed: it closes on %(date)s at %(time)s (Paris time).": "Les décisions de cet appel ne peuvent être signées qu'après sa clôture : il est clos le %(date)s à %(time)s (heure de Paris).",
    "The date of the selection committee is not recorded in the call's settings: the decisions cite the committee's opinion, so they can only be signed once its meeting is recorded.": "La date du comité de sélection n'est pas renseignée dans les paramètres de l'appel : les décisions visent l'avis du comité, elles ne peuvent donc être signées qu'une fois sa réunion enregistrée.",
    "The selection committee date recorded in the call's settings (%(committee)s) is before the call's closing (%(closing)s): correct it before signing.": "La date du comité de sélection enregistrée dans les paramètres de l'appel (%(committee)s) précède la clôture de l'appel (%(closing)s) : corrigez-la avant de signer.",
    "The selection committee meets on %(date)s: its decisions can only be signed from that day on.": "Le comité de sélection se réunit le %(date)s : ses décisions ne peuvent être signées qu'à compter de ce jour.",
    "%(dossier)s has no recorded submission before now: no decision can answer it.": "%(dossier)s n'a pas de dépôt enregistré à ce jour : aucune décision ne peut y répondre.",
    "The committee has not recorded its proposal for %(dossier)s.": "Le comité n'a pas enregistré sa proposition pour %(dossier)s.",
    "Date of signature: %(date)s, today by the server's clock (Paris time). A decision is dated the day it is signed; no other date can be chosen.": "Date de signature : %(date)s, aujourd'hui selon l'horloge du serveur (heure de Paris). Une décision est datée du jour de sa signature ; aucune autre date ne peut être choisie.",
    "These decisions cannot be signed yet": "Ces décisions ne peuvent pas encore être signées",
    # Reasons of a refusal
    "grounds": "motifs",
    "the dossier was not submitted before the call closed (%(closing)s, Paris time)": "le dossier n'a pas été déposé avant la clôture de l'appel (le %(closing)s, heure de Paris)",
    "the dossier was incomplete: a required document or piece of information was missing or could not be read": "le dossier était incomplet : une pièce ou une information obligatoire manquait ou était illisible",
    "the legal form of the organisation (%(legal_form)s) is not one the call accepts": "la forme juridique de l'organisme (%(legal_form)s) ne fait pas partie de celles que l'appel admet",
    "the required commitments were not given: the contrat d'engagement républicain and the sworn statement": "les engagements requis n'ont pas été souscrits : le contrat d'engagement républicain et la déclaration sur l'honneur",
    "the project does not show how the conditions required of the ambassadrices are met (a residence permit held for more than five years, a very good command of French)": "le projet ne montre pas comment sont remplies les conditions exigées des ambassadrices (titre de séjour détenu depuis plus de cinq ans, très bonne maîtrise du français)",
    "%(condition)s (reviewer's observation: %(comment)s)": "%(condition)s (observation de l'instructeur : %(comment)s)",
    "The dossier is not admissible:": "Le dossier n'est pas recevable :",
    "Reviewer's reasons: %(reasons)s": "Motifs relevés par l'instructeur : %(reasons)s",
    # Call settings that cannot undo decisions
    "%(awarded)s are already awarded in this call: the envelope cannot be lowered to %(envelope)s, %(missing)s below that. Correct the decisions or the selection first.": "%(awarded)s sont déjà attribués dans cet appel : l'enveloppe ne peut pas être ramenée à %(envelope)s, soit %(missing)s de moins. Corrigez d'abord les décisions ou la sélection.",
    (
        "%(count)d carrier is already selected in this call: the maximum cannot be lowered to %(cap)d. Correct the decisions or the selection first.",
        "%(count)d carriers are already selected in this call: the maximum cannot be lowered to %(cap)d. Correct the decisions or the selection first.",
    ): (
        "%(count)d porteur est déjà retenu dans cet appel : le nombre maximal ne peut pas être ramené à %(cap)d. Corrigez d'abord les décisions ou la sélection.",
        "%(count)d porteurs sont déjà retenus dans cet appel : le nombre maximal ne peut pas être ramené à %(cap)d. Corrigez d'abord les décisions ou la sélection.",
    ),
    "Alert: the selection breaks the call's rules": "Alerte : la sélection enfreint les règles de l'appel",
    "The envelope is exceeded by %(excess)s: %(awarded)s awarded for an envelope of %(envelope)s.": "L'enveloppe est dépassée de %(excess)s : %(awarded)s attribués pour une enveloppe de %(envelope)s.",
    "The cap is exceeded by %(excess)s: %(selected)s carriers selected for at most %(cap)s.": "Le plafond est dépassé de %(excess)s : %(selected)s porteurs retenus pour %(cap)s au plus.",
}
