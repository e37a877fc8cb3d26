from saas import modules


class ReturnsConfig(modules.ModuleConfig):
    name = "saas.returns"
    label = "returns"
    verbose_name = "Returns and claims"
    declaration = "saas.returns.module.RETURNS"
