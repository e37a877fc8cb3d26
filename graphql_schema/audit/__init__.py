"""The audit log in the API: ``auditLog(filter:)`` and ``history`` on every record."""
