from django.contrib import admin
from django.urls import include, path
from django_otp.plugins.otp_static.models import StaticDevice

from applications.views import proconnect, public

from . import otp_views

# django-otp's static devices only mark a session signed in through a strong ProConnect
# authentication (applications/proconnect.py); they hold no code and have no screen.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)

urlpatterns = [
    path("", public.home, name="home"),
    path("appels/<slug:slug>/", public.call_detail, name="call_detail"),
    path("accessibilite/", public.static_page("pages/accessibility.html"), name="accessibility"),
    path("mentions-legales/", public.static_page("pages/legal_notice.html"), name="legal_notice"),
    path("donnees-personnelles/", public.static_page("pages/personal_data.html"), name="personal_data"),
    path("cookies/", public.static_page("pages/cookies.html"), name="cookies"),
    path("plan-du-site/", public.static_page("pages/sitemap.html"), name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The login page shows the ProConnect button when ProConnect is configured; logging out after a
    # ProConnect sign-in also ends the provider's session (applications/views/proconnect.py).
    path("compte/connexion/", proconnect.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", proconnect.logout, name="logout"),
    path("compte/proconnect/connexion/", proconnect.start, name="proconnect_login"),
    path("compte/proconnect/retour/", proconnect.callback, name="proconnect_callback"),
    path("compte/proconnect/deconnecte/", proconnect.logged_out, name="proconnect_logged_out"),
    path("compte/double-authentification/", otp_views.otp_verify, name="otp_verify"),
    path("compte/double-authentification/activer/", otp_views.otp_setup, name="otp_setup"),
    path("", include("applications.account_urls")),
    path("", include("applications.urls")),
    path("", include("review.urls")),
    path("", include("applications.grants.urls")),
    path("gestion/fichiers/", include("review.staff_urls")),
    # The admin's own logout view, ending the ProConnect session as above.
    path("gestion/logout/", proconnect.ending_provider_session(admin.site.admin_view(admin.site.logout))),
    path("gestion/", admin.site.urls),
    path("health/", include("ami_portal.health")),
]

handler404 = "applications.views.errors.not_found"
handler403 = "applications.views.errors.forbidden"
handler500 = "applications.views.errors.server_error"
