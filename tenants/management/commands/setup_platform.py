from django.core.management.base import BaseCommand, CommandParser

from tenants import provisioning
from tenants.bootstrap import ensure_public_tenant


class Command(BaseCommand):
    help = "Create the public tenant, the migrated template schema, and fill the schema pool."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pool-size", type=int, default=None)

    def handle(self, *args: object, pool_size: int | None = None, **options: object) -> None:
        ensure_public_tenant()
        provisioning.ensure_template()
        added = provisioning.refill_pool(pool_size)
        self.stdout.write(f"platform ready; {added} schema(s) added to the pool")
