"""Service entitlements in the API."""
