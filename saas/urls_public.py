"""URLs of the public site: signup and login through GraphQL, the platform admin, the web client."""

from django.contrib import admin
from django.urls import path, re_path

from graphql_schema.apidocs import api_reference
from graphql_schema.views import graphql
from saas.billing import views as billing
from saas.web import health, web_client

urlpatterns = [
    path("graphql/", graphql, name="graphql"),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("billing/stripe/webhook/", billing.stripe_webhook, name="stripe-webhook"),
    path("billing/fake-checkout/<str:session_id>/", billing.offline_checkout, name="offline-checkout"),
    path("billing/fake-portal/<str:session_id>/", billing.offline_portal, name="offline-portal"),
    path("docs/api/", api_reference, name="api-reference"),
    # Every other path is a page of the web client (signup, login), routed in the browser.
    re_path(r"^(?!admin/|graphql/|static/|billing/|docs/api/).*$", web_client, name="web-client"),
]
