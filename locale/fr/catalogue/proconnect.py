"""French translations of the sign-in with ProConnect (applications/proconnect.py,
applications/views/proconnect.py, templates/registration/login.html)."""

FR = {
    # templates/registration/login.html
    "With ProConnect": "Avec ProConnect",
    "Sign in with": "S’identifier avec",
    "What is ProConnect?": "Qu’est-ce que ProConnect ?",
    "or": "ou",
    "With your email address and password": "Avec votre adresse électronique et votre mot de passe",
    # applications/proconnect.py
    "ProConnect did not give your email address: you cannot be signed in.": (
        "ProConnect n'a pas transmis votre adresse électronique : vous ne pouvez pas être connecté."
    ),
    "ProConnect says your email address %(email)s has not been verified. Confirm it with your identity "
    "provider (or on ProConnect Identité), then sign in again.": (
        "ProConnect indique que votre adresse électronique %(email)s n'a pas été vérifiée. Confirmez-la auprès "
        "de votre fournisseur d'identité (ou sur ProConnect Identité), puis connectez-vous à nouveau."
    ),
    "Your account belongs to %(organisation)s (SIRET %(expected)s), but ProConnect signed you in for the "
    "establishment with SIRET %(given)s. Sign in again with ProConnect choosing %(organisation)s, or sign "
    "in with your password.": (
        "Votre compte est rattaché à %(organisation)s (SIRET %(expected)s), mais ProConnect vous a connecté "
        "pour l'établissement de SIRET %(given)s. Reconnectez-vous avec ProConnect en choisissant "
        "%(organisation)s, ou connectez-vous avec votre mot de passe."
    ),
    "ProConnect's answer is not signed as agreed: the sign-in is refused.": (
        "La réponse de ProConnect n'est pas signée comme convenu : la connexion est refusée."
    ),
    "ProConnect's answer could not be verified: the sign-in is refused.": (
        "La réponse de ProConnect n'a pas pu être vérifiée : la connexion est refusée."
    ),
    "ProConnect's answer does not belong to this sign-in (its nonce does not match): it has been refused. "
    "Start again from the login page.": (
        "La réponse de ProConnect ne correspond pas à cette demande de connexion (son nonce est différent) : "
        "elle a été refusée. Recommencez depuis la page de connexion."
    ),
    "This account is deactivated. Contact the portal's team.": (
        "Ce compte est désactivé. Contactez l'équipe du portail."
    ),
    # applications/views/proconnect.py
    "ProConnect cannot be reached at the moment. Try again in a few minutes.": (
        "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes."
    ),
    "The sign-in with ProConnect was cancelled or refused by ProConnect.": (
        "La connexion avec ProConnect a été annulée ou refusée par ProConnect."
    ),
    "This ProConnect sign-in is no longer valid (it was already used, or it was started in another "
    "browser). Start again from the login page.": (
        "Cette connexion avec ProConnect n'est plus valable (elle a déjà servi, ou elle a été commencée dans "
        "un autre navigateur). Recommencez depuis la page de connexion."
    ),
    "ProConnect did not confirm this sign-in. Start again from the login page.": (
        "ProConnect n'a pas confirmé cette connexion. Recommencez depuis la page de connexion."
    ),
    "You are logged out of the portal and of ProConnect.": "Vous êtes déconnecté du portail et de ProConnect.",
    # templates/review/_signature_verdict.html: a seal revoked by its authority (ami_portal/pades.py)
    "Certificate revoked": "Certificat révoqué",
    "The certificate of « %(signer)s » that signed the file has been revoked by its certification authority: "
    "the signature cannot be trusted.": (
        "Le certificat de « %(signer)s » qui a signé ce fichier a été révoqué par son autorité de "
        "certification : la signature n'est pas digne de confiance."
    ),
}
