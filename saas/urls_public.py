"""URLs of the public site: signup and login through GraphQL, the platform admin, the web client."""

from django.contrib import admin
from django.urls import path

from graphql_schema.views import graphql
from saas.web import health, web_client

urlpatterns = [
    path("graphql/", graphql, name="graphql"),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("", web_client, name="web-client"),
]
