"""A test-only CRM record type (installed when DJANGO_ENV=test), so the permission matrix runs before modules exist."""
