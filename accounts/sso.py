"""Single sign-on: the OpenID Connect provider of a municipality, configured from the environment."""

OIDC_ENVIRONMENT = ("OIDC_PROVIDER_ID", "OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")


def openid_connect_providers(environ):
    """django-allauth's SOCIALACCOUNT_PROVIDERS for one OpenID Connect server, or {} when not configured.

    The login page offers a button per configured app, so an incomplete configuration (any of
    OIDC_ENVIRONMENT missing or empty) configures nothing rather than a button that cannot work.
    """
    values = {name: environ.get(name, "").strip() for name in OIDC_ENVIRONMENT}
    if not all(values.values()):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": values["OIDC_PROVIDER_ID"],
                    "name": environ.get("OIDC_PROVIDER_NAME", "").strip() or values["OIDC_PROVIDER_ID"],
                    "client_id": values["OIDC_CLIENT_ID"],
                    "secret": values["OIDC_CLIENT_SECRET"],
                    "settings": {"server_url": values["OIDC_SERVER_URL"]},
                }
            ],
        }
    }


def openid_connect_origin(environ):
    """The identity provider's origin (scheme://host[:port]), which the Content-Security-Policy lets sign-in
    forms go on to; None when single sign-on is not configured."""
    from urllib.parse import urlsplit

    if not openid_connect_providers(environ):
        return None
    parts = urlsplit(environ["OIDC_SERVER_URL"].strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
