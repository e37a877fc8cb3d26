from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saas.audit"
    label = "audit"
    verbose_name = "Audit log"
