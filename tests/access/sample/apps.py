"""A test-only CRM module (installed when DJANGO_ENV=test): the permission matrix and the kit's proof run on it."""

from saas import modules


class SampleConfig(modules.ModuleConfig):
    name = "tests.access.sample"
    label = "access_sample"
    verbose_name = "Access test sample"
    declaration = "tests.access.sample.module.SAMPLE"
