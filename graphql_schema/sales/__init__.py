"""The sales module in the API: pipelines, deals, the board, competitors."""
