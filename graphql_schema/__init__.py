"""The GraphQL API: one schema for the public site, one for every tenant host."""
