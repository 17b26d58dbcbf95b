"""Content-Security-Policy and Permissions-Policy headers.

The Permissions-Policy says what the pages may use of the browser's powerful features.

The policy lives in settings.PERMISSIONS_POLICY as ``{feature: [allowed origins]}``, where "self" is
this site and an empty list turns the feature off for the page and everything it frames. The header
is built once per process. A response that sets its own header keeps it.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"  # site/urls.py


def permissions_policy_header(policy):
    """``{"camera": [], "fullscreen": ["self", "https://x"]}`` -> ``camera=(), fullscreen=(self "https://x")``."""
    parts = []
    for feature, origins in policy.items():
        allowed = " ".join(origin if origin in ("self", "*") else f'"{origin}"' for origin in origins)
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN_DIRECTIVES replacing the site's
    directives of the same name under the Wagtail admin (why: site/settings/base.py)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts
