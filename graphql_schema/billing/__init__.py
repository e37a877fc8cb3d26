"""Billing in the API: ``billing`` and ``workspaceStanding``, checkout and portal, the unpaid gate."""
