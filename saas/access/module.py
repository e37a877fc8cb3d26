"""The access module as the platform sees it (see saas.modules): its demo teams.

Its record types are the other modules'; it registers none of its own.
"""

from __future__ import annotations

from saas.modules import Module

from .demo import seed_teams

ACCESS = Module(name="access", demo_seeders=(seed_teams,))
