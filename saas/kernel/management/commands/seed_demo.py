from django.core.management.base import BaseCommand

from saas.kernel.demo import seed_demo_workspace
from tenants import services
from tenants.db import connection
from tenants.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SUBDOMAIN
from tenants.models import Tenant, tenant_url


class Command(BaseCommand):
    help = "Create the demo workspace with realistic sample data (idempotent) and print its login."

    def handle(self, *args: object, **options: object) -> None:
        if not Tenant.objects.filter(schema_name=services.schema_name_for(DEMO_SUBDOMAIN)).exists():
            seed_demo_workspace()
        connection.set_schema_to_public()
        self.stdout.write(f"Demo workspace: {tenant_url(DEMO_SUBDOMAIN)}  login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
