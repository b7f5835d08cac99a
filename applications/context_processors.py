from django.conf import settings


def portal(request):
    return {"SERVICE_NAME": "Portail AMI", "SITE_URL": settings.SITE_URL}
