"""API documentation pages: Swagger UI and Redoc from our own static files (no CDN).

Both run under the site's content-security policy. Swagger UI's start script is served by the
view itself (``?script``), so ``script-src 'self'`` holds. Redoc writes its styles into
``<style>`` elements at run time; it marks them with this response's nonce, which only this
page's policy admits.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "core/api/swagger_ui.html"


@method_decorator(csp_update({"style-src": [NONCE]}), name="dispatch")
class ApiRedocView(SpectacularRedocView):
    template_name = "core/api/redoc.html"
