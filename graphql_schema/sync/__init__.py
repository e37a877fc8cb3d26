"""``changes``: the incremental sync feed for mobile and offline clients (``saas.kernel.sync``)."""
