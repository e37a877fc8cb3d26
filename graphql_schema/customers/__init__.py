"""Customers in the API: companies, contacts, tags, groups, saved views, interactions, pool, statistics."""
