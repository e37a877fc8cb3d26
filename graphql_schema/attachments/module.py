"""Attachments in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.attachments.module import ATTACHMENTS

from .mutations import AttachmentsMutation
from .queries import AttachmentsQuery

ATTACHMENTS_API = ApiModule("attachments", query=AttachmentsQuery, mutation=AttachmentsMutation, domain=ATTACHMENTS)
