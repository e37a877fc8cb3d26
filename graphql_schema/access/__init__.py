"""GraphQL of workspace settings: users, roles, teams, API keys, invitations, sharing, account security."""
