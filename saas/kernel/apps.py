from saas import modules


class KernelConfig(modules.ModuleConfig):
    """Holds the kernel's own tenant tables (saved views); installed like any module."""

    name = "saas.kernel"
    label = "kernel"
    verbose_name = "Module kit"
    declaration = "saas.kernel.module.KERNEL"
