"""Custom fields in the API: definitions (admins) and the query clients render forms from."""
