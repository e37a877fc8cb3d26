"""Invoicing in the API: invoices, payments and customer balances."""
