"""The fixed value sets of the leads module, as GraphQL enums (the model's choices, registered once)."""

from __future__ import annotations

import strawberry

from saas.leads import models

DESCRIPTIONS = {
    models.LeadStatus: "Where a lead stands; CONVERTED is set by convertLead only.",
    models.LeadSource: "Where a lead came from.",
    models.ScoredField: "A lead field that scoring rules compare (EMAIL_DOMAIN: the part after @).",
    models.AssignmentMethod: "How an assignment rule picks in its team: in turn, or the member with fewest open leads.",
    models.CampaignType: "What kind of campaign: an e-mail, an event, a webinar, ads, or another.",
    models.CampaignStatus: "Where a campaign stands: planned → active → completed; aborted: called off.",
}
for choices, description in DESCRIPTIONS.items():
    strawberry.enum(choices, name=choices.__name__, description=description)

LeadStatus = models.LeadStatus
LeadSource = models.LeadSource
ScoredField = models.ScoredField
AssignmentMethod = models.AssignmentMethod
CampaignType = models.CampaignType
CampaignStatus = models.CampaignStatus
