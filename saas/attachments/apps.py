from saas import modules


class AttachmentsConfig(modules.ModuleConfig):
    name = "saas.attachments"
    label = "attachments"
    verbose_name = "Attachments"
    declaration = "saas.attachments.module.ATTACHMENTS"
