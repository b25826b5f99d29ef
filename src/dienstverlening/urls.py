from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from dienstverlening.core.api_docs import ApiDocsView, ApiRedocView

admin.site.site_header = "Dienstverlening — beheer"
admin.site.site_title = "Dienstverlening"

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", ApiRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("dienstverlening.surveys.api.urls")),
    path("", include("dienstverlening.handling.api.urls")),
    path("", include("dienstverlening.insights.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", include("dienstverlening.core.urls")),
    path("", include("dienstverlening.surveys.urls")),
    path("", include("dienstverlening.handling.urls")),
    path("", include("dienstverlening.insights.urls")),
    path("", include("dienstverlening.improvement.urls")),
    path("", include("dienstverlening.reports.urls")),
    path("", include("dienstverlening.framework.urls")),
    path("", include("dienstverlening.organisation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler500 = "dienstverlening.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
