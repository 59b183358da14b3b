"""Credentials for remote endpoints, from the environment or the URL; never shown."""

from __future__ import annotations

import base64
import os
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from sekom_kg.core.errors import InputError
from sekom_kg.core.urls import Endpoint

ENV_USER, ENV_PASSWORD, ENV_TOKEN, ENV_AUTH = (
    "SEKOM_KG_ENDPOINT_USER",
    "SEKOM_KG_ENDPOINT_PASSWORD",
    "SEKOM_KG_ENDPOINT_TOKEN",
    "SEKOM_KG_ENDPOINT_AUTH",
)
#: Values of ``$SEKOM_KG_ENDPOINT_AUTH``: how a user and password are sent.
AUTH_SCHEMES = ("basic", "digest")


def printable(text: str, limit: int = 200) -> str:
    """``text`` on one line, without control characters, at most ``limit`` characters."""
    return "".join(c if c.isprintable() else " " for c in text).strip()[:limit]


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials: a bearer token, or a user and password (Basic, or Digest)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False

    def header(self) -> str | None:
        """The ``Authorization`` header sent up front, or None (none, or Digest)."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None and not self.digest:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None

    def digest_header(self, method: str, url: str, challenge: str) -> str | None:
        """The ``Authorization`` answering a ``WWW-Authenticate: Digest …`` challenge, or None.

        Computed by urllib's RFC 2617 implementation (MD5 or SHA, ``qop=auth``).
        """
        if not self.digest or self.user is None:
            return None
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() != "digest":
            return None
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.user, self.password or "")
        handler = urllib.request.AbstractDigestAuthHandler(passwords)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
        found = handler.get_authorization(urllib.request.Request(url, method=method), fields)
        return f"Digest {found}" if found else None

    def kind(self) -> str:
        """How the request authenticates, without any secret: Bearer, Basic, Digest or none."""
        if self.token:
            return "Bearer token"
        if self.user is None:
            return "none"
        return "Digest" if self.digest else "Basic"

    def __repr__(self) -> str:  # never show secrets, also not in --debug tracebacks
        return "Credentials(***)"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        """The credentials in the environment; InputError (naming only the variable) if bad."""
        env = os.environ if env is None else env
        token = env.get(ENV_TOKEN) or None
        user, password = env.get(ENV_USER) or None, env.get(ENV_PASSWORD) or None
        scheme = (env.get(ENV_AUTH) or "basic").strip().lower()
        if scheme not in AUTH_SCHEMES:
            raise InputError(f"${ENV_AUTH} must be one of {', '.join(AUTH_SCHEMES)}")
        if token is not None and not all("!" <= c <= "~" for c in token):
            raise InputError(f"${ENV_TOKEN} must be printable ASCII without spaces")
        if password is not None and user is None:
            raise InputError(f"${ENV_PASSWORD} is set but ${ENV_USER} is not")
        if user is not None and (":" in user or not user.isprintable()):
            raise InputError(f"${ENV_USER} must not contain ':' or control characters")
        if password is not None and not password.isprintable():
            raise InputError(f"${ENV_PASSWORD} must not contain control characters")
        if scheme == "digest" and token is not None:
            raise InputError(f"${ENV_AUTH}=digest needs a user and password, not ${ENV_TOKEN}")
        return cls(user, password, token, scheme == "digest")

    @classmethod
    def for_endpoint(cls, endpoint: Endpoint, env: Mapping[str, str] | None = None) -> Credentials:
        """The environment's credentials if any are set, else the endpoint URL's user-info."""
        found = cls.from_env(env)
        if found.token is None and found.user is None and endpoint.user is not None:
            return cls(endpoint.user, endpoint.password, digest=found.digest)
        return found
