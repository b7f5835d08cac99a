from django.urls import path

from .views import accounts

urlpatterns = [
    path("compte/inscription/", accounts.signup, name="signup"),
    path("compte/", accounts.account, name="account"),
]
