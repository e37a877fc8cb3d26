"""Billing: plans with limits and features, Stripe subscriptions, webhooks and dunning.

Lives in schema ``public`` (a shared app): Stripe talks to one webhook URL for every workspace, and
plans are the platform's. Guide: ``saas/billing/README.md``.
"""
