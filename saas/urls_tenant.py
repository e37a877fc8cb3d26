"""URLs of a tenant host (``acme.<BASE_DOMAIN>``)."""

from django.conf import settings
from django.urls import path, re_path

from graphql_schema.apidocs import api_reference
from graphql_schema.attachments import views as attachments
from graphql_schema.core.exports import export_list
from graphql_schema.imports.upload import upload as import_upload
from graphql_schema.views import graphql
from saas.access.workspace import serve_logo
from saas.catalog.views import quote_pdf
from saas.integrations.views import email_inbound, sms_inbound, wechat_callback
from saas.invoicing.views import invoice_pdf
from saas.kernel import bulk_exports
from saas.leads.views import lead_form
from saas.portability.views import download as workspace_export_file
from saas.service.views import move_clock
from saas.web import health, web_client

urlpatterns = [
    path("graphql/", graphql, name="graphql"),
    path("healthz", health, name="health"),
    path("docs/api/", api_reference, name="api-reference"),
    re_path(r"^exports/(?P<list_name>[a-z]+)\.(?P<file_format>csv|xlsx)$", export_list, name="export-list"),
    re_path(r"^exports/bulk/(?P<token>[A-Za-z0-9_:.-]+)\.jsonl$", bulk_exports.serve, name="bulk-export-file"),
    re_path(
        r"^exports/workspace/(?P<token>[A-Za-z0-9_:.-]+)\.zip$", workspace_export_file, name="workspace-export-file"
    ),
    re_path(r"^branding/logo/(?P<name>[A-Za-z0-9_.-]+)$", serve_logo, name="workspace-logo"),
    path("integrations/wechat/", wechat_callback, name="wechat-callback"),
    path("integrations/email/<str:token>/", email_inbound, name="email-inbound"),
    path("integrations/sms/<str:token>/", sms_inbound, name="sms-inbound"),
    path("forms/leads/", lead_form, name="lead-form"),
    path("imports/upload", import_upload, name="import-upload"),
    path("documents/quotes/<uuid:record_id>.pdf", quote_pdf, name="quote-pdf"),
    path("documents/invoices/<uuid:record_id>.pdf", invoice_pdf, name="invoice-pdf"),
    path("attachments/upload", attachments.upload, name="attachment-upload"),
    re_path(r"^attachments/file/(?P<token>[A-Za-z0-9_:.-]+)$", attachments.download, name="attachment-file"),
]
if settings.TESTING:
    # Browser tests move the service desk's clock (saas/service/views.py); never mounted elsewhere.
    urlpatterns.append(path("test/service-clock/", move_clock, name="test-service-clock"))
urlpatterns.append(
    re_path(
        r"^(?!static/|exports/|documents/|branding/|integrations/(?:wechat|email|sms)/|imports/upload$|attachments/).*$",
        web_client,
        name="web-client",
    )
)
