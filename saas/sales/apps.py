from saas import modules


class SalesConfig(modules.ModuleConfig):
    name = "saas.sales"
    label = "sales"
    verbose_name = "Sales"
    declaration = "saas.sales.module.SALES"
