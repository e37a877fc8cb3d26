"""URLs of a tenant host (``acme.<BASE_DOMAIN>``)."""

from django.urls import path, re_path

from graphql_schema.views import graphql
from saas.web import health, web_client

urlpatterns = [
    path("graphql/", graphql, name="graphql"),
    path("healthz", health, name="health"),
    re_path(r"^(?!static/).*$", web_client, name="web-client"),
]
