from django.urls import path

from .views import accounts

urlpatterns = [
    path("compte/inscription/", accounts.signup, name="signup"),
    path("compte/inscription/envoyee/", accounts.signup_done, name="signup_done"),
    path("compte/verifier/<uidb64>/<token>/", accounts.verify_email, name="verify_email"),
    path("compte/verifier/renvoyer/", accounts.resend_verification, name="resend_verification"),
    path("compte/", accounts.account, name="account"),
    path("compte/organisme/nouveau/", accounts.organisation_create, name="organisation_create"),
    path("compte/organisme/", accounts.organisation_edit, name="organisation_edit"),
    path("compte/inviter/", accounts.invite, name="invite"),
    path("compte/invitation/<str:token>/", accounts.invitation, name="invitation"),
    path("compte/mot-de-passe/", accounts.password_change, name="password_change"),
    path("compte/mot-de-passe/modifie/", accounts.password_change_done, name="password_change_done"),
    path("compte/mot-de-passe-oublie/", accounts.password_reset, name="password_reset"),
    path("compte/mot-de-passe-oublie/envoye/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "compte/mot-de-passe-oublie/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("compte/mot-de-passe-oublie/termine/", accounts.password_reset_complete, name="password_reset_complete"),
]
