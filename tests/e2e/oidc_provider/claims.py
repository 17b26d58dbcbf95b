from oauth2_provider.oauth2_validators import OAuth2Validator


class StaffClaims(OAuth2Validator):
    """The claims a municipal identity provider gives about its staff. django-oauth-toolkit hands out
    each claim only with its scope (`oidc_claim_scope`: the names with "profile", the address with "email")."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
        }
