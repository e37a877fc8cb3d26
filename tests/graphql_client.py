"""Talk to the API the way a client does: a host name, optional bearer token, JSON over HTTP."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client


class GraphQLClient:
    """A GraphQL client bound to one host (the public site or a tenant)."""

    def __init__(self, host: str | None = None, token: str | None = None) -> None:
        self.host = host or settings.BASE_DOMAIN
        self.token = token
        self.http = Client(HTTP_HOST=self.host)

    def for_tenant(self, subdomain: str) -> GraphQLClient:
        return GraphQLClient(f"{subdomain}.{settings.BASE_DOMAIN}", self.token)

    def with_token(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.host, token)

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response: ``data`` and, when something failed, ``errors``."""
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        response = self.http.post(
            "/graphql/",
            {"query": query, "variables": variables or {}},
            content_type="application/json",
            **headers,  # type: ignore[arg-type]
        )
        assert response.status_code in (200, 400), response.content
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """``data`` of a response that must have no GraphQL errors."""
        result = self.execute(query, variables)
        assert not result.get("errors"), result["errors"]
        return result["data"]

    def error_codes(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        result = self.execute(query, variables)
        return [e.get("extensions", {}).get("code", "") for e in result.get("errors") or []]
