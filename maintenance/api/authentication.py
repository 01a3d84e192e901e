"""Bearer tokens for contractors' systems and the met bureau."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from maintenance import services
from maintenance.choices import TokenKind
from maintenance.models import ApiToken


class ApiClient:
    """Who is calling with a token: a contractor's system or the met bureau. Not a Django user."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token

    @property
    def contractor_id(self) -> int | None:
        return self.token.contractor_id if self.token.kind == TokenKind.CONTRACTOR else None

    @property
    def is_met_bureau(self) -> bool:
        return self.token.kind == TokenKind.MET_BUREAU

    def __str__(self) -> str:
        owner = self.token.contractor.name if self.token.contractor_id else str(TokenKind(self.token.kind).label)
        return f"{owner} · API {self.token.prefix}…"

    def has_perm(self, perm: str, obj=None) -> bool:
        return False


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``; an unknown, revoked or expired token is a 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = services.api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, has expired or was revoked."))
        return ApiClient(token), token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "maintenance.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A contractor's or the met bureau's API token, issued by the bureau (yqg_…).",
        }
