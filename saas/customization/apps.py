from saas import modules


class CustomizationConfig(modules.ModuleConfig):
    name = "saas.customization"
    label = "customization"
    verbose_name = "Customization"
    declaration = "saas.customization.module.CUSTOMIZATION"
