"""Who may do what inside a tenant: roles, scopes, field rules, sharing. Enforced in one place (policy.py).

How a CRM module plugs in: saas/access/README.md.
"""
