from saas import modules


class RepairsConfig(modules.ModuleConfig):
    name = "saas.repairs"
    label = "repairs"
    verbose_name = "Warranties and repair orders"
    declaration = "saas.repairs.module.REPAIRS"
