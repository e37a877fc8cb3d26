"""The module kit's domain half: what every CRM module's services and models build on.

See README.md. Layers: ``graphql_schema`` -> ``saas/<module>`` -> ``saas.kernel`` -> ``saas.access`` /
``saas.audit`` -> ``tenants``. Nothing here imports a module or the API layer.
"""
