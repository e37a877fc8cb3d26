"""API conventions every module builds on: nodes and global ids, connections, filters, limits."""
