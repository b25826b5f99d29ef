from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"organisation_name": settings.DV_ORGANISATION_NAME}
