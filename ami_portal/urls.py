from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from applications.views import public

from . import otp_views

urlpatterns = [
    path("", public.home, name="home"),
    path("appels/<slug:slug>/", public.call_detail, name="call_detail"),
    path("accessibilite/", public.static_page("pages/accessibility.html"), name="accessibility"),
    path("mentions-legales/", public.static_page("pages/legal_notice.html"), name="legal_notice"),
    path("donnees-personnelles/", public.static_page("pages/personal_data.html"), name="personal_data"),
    path("cookies/", public.static_page("pages/cookies.html"), name="cookies"),
    path("plan-du-site/", public.static_page("pages/sitemap.html"), name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/connexion/", auth_views.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("compte/double-authentification/", otp_views.otp_verify, name="otp_verify"),
    path("compte/double-authentification/activer/", otp_views.otp_setup, name="otp_setup"),
    path("", include("applications.account_urls")),
    path("", include("applications.urls")),
    path("", include("review.urls")),
    path("gestion/fichiers/", include("review.staff_urls")),
    path("gestion/", admin.site.urls),
    path("health/", include("ami_portal.health")),
]

handler404 = "applications.views.errors.not_found"
handler403 = "applications.views.errors.forbidden"
handler500 = "applications.views.errors.server_error"
