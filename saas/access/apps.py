from saas import modules


class AccessConfig(modules.ModuleConfig):
    name = "saas.access"
    label = "access"
    verbose_name = "Users, teams, roles and permissions"
    declaration = "saas.access.module.ACCESS"
