"""Who may do what inside a tenant: roles, scopes, field rules. Enforced in one place."""
