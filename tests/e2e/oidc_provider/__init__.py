"""A municipality's identity provider for the single sign-on test (tests/e2e/test_single_sign_on.py).

A Django project of its own, run as a second process: django-oauth-toolkit's OpenID Connect provider,
a sign-in page, one registered client (this site) and one member of staff. `prepare` makes its
database; gunicorn serves `django.core.wsgi:get_wsgi_application()` with these settings.
"""
