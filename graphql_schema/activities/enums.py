"""The fixed value sets of the activities module, as GraphQL enums (registered once, used as the classes)."""

from __future__ import annotations

import strawberry

from saas.activities import models

DESCRIPTIONS = {
    models.ActivityKind: "What an activity is: a task, a call, a meeting or a note.",
    models.ActivityStatus: "Where an activity stands: open, done or cancelled.",
    models.ActivityPriority: "How urgent an activity is.",
}
for choices, description in DESCRIPTIONS.items():
    strawberry.enum(choices, name=choices.__name__, description=description)

ActivityKind = models.ActivityKind
ActivityStatus = models.ActivityStatus
ActivityPriority = models.ActivityPriority
