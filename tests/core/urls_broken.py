"""The site's URLs plus one page that needs the database, for the 500 page test."""

from django.contrib.auth import get_user_model
from django.urls import path

from dienstverlening import urls as site

handler400 = getattr(site, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(site, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(site, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site, "handler500", "django.views.defaults.server_error")


def needs_the_database(request):
    get_user_model().objects.exists()


urlpatterns = [path("kapot/", needs_the_database), *site.urlpatterns]
