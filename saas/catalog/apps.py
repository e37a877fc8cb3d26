from saas import modules


class CatalogConfig(modules.ModuleConfig):
    name = "saas.catalog"
    label = "catalog"
    verbose_name = "Catalogue and quotes"
    declaration = "saas.catalog.module.CATALOG"
