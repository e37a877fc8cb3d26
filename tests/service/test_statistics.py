"""serviceStatistics against a fixture whose figures were worked out by hand (UTC workspace, March 2026)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from saas.access.models import Team
from saas.service.models import Survey, Ticket
from tests.conftest import Workspace
from tests.query_count import assert_num_queries

from .conftest import gid

FIGURES = (
    "start ticketsCreated ticketsResolved medianFirstResponseMinutes medianResolutionMinutes slaCompliancePercent"
    " satisfaction { csatResponses csatSatisfiedPercent csatAverage npsResponses promoters detractors nps }"
)
QUERY = f"""query($period: StatisticsPeriod, $from: Date, $to: Date, $team: ID, $agent: ID) {{
  serviceStatistics(period: $period, from: $from, to: $to, teamId: $team, assigneeId: $agent) {{
    period from to totals {{ {FIGURES} }} periods {{ {FIGURES} }}
    byAgent {{ id name satisfaction {{ csatResponses csatSatisfiedPercent csatAverage }} }}
    byTeam {{ id name satisfaction {{ csatResponses csatAverage }} }}
  }}
}}"""


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def seed(ws: Workspace, p: Any, q: Any) -> Team:
    """Tickets T1-T5 and answers S1-S7 (see the expected figures below)."""
    ws.activate()
    team = Team.objects.create(name="Front desk")

    def ticket(assignee: Any, created: datetime, **times: Any) -> Ticket:
        return Ticket.objects.create(subject="t", assignee=assignee, created_at=created, status="resolved", **times)

    # T1 (P): reply after 30, resolved after 120, within both targets.
    ticket(p, at(2, 9), first_responded_at=at(2, 9, 30), resolved_at=at(2, 11), first_response_due_at=at(2, 10),
           resolution_due_at=at(2, 13), team=team)  # fmt: skip
    # T2 (P): reply after 60, resolved a day later (1440), past its resolution target.
    ticket(p, at(2, 10), first_responded_at=at(2, 11), resolved_at=at(3, 10), first_response_due_at=at(2, 12),
           resolution_due_at=at(2, 18), resolution_breached_at=at(2, 18))  # fmt: skip
    # T3 (Q): reply after 10, resolved after 60, within both targets.
    ticket(q, at(3, 8), first_responded_at=at(3, 8, 10), resolved_at=at(3, 9), first_response_due_at=at(3, 9),
           resolution_due_at=at(3, 12))  # fmt: skip
    # T4: the unassigned queue, no reply yet.
    Ticket.objects.create(subject="t", created_at=at(4, 12))
    # T5 (P): came in before the range, resolved in it (1440), no SLA.
    ticket(p, at(1, 12), resolved_at=at(2, 12))

    def survey(kind: str, score: int | None, responded: datetime | None, agent: Any = None, **more: Any) -> None:
        Survey.objects.create(kind=kind, email="c@example.com", sent_at=at(1, 0), expires_at=at(20, 0), score=score,
                              responded_at=responded, agent=agent, **more)  # fmt: skip

    survey("csat", 5, at(2, 15), p, team=team)  # S1
    survey("csat", 2, at(3, 10), p, team=team)  # S2
    survey("csat", 4, at(3, 11), q)  # S3
    survey("nps", 10, at(4, 9))  # S4 promoter
    survey("nps", 3, at(4, 10))  # S5 detractor
    survey("nps", 9, at(4, 11))  # S6 promoter
    survey("csat", None, None, q)  # S7 not answered: never counts
    return team


def figures(start: str | None, created: int, resolved: int, fr: float | None, res: float | None,
            sla: float | None, csat: tuple[int, float | None, float | None], nps: tuple[int, int, int, float | None]
            ) -> dict[str, Any]:  # fmt: skip
    return {
        "start": start, "ticketsCreated": created, "ticketsResolved": resolved, "medianFirstResponseMinutes": fr,
        "medianResolutionMinutes": res, "slaCompliancePercent": sla,
        "satisfaction": {"csatResponses": csat[0], "csatSatisfiedPercent": csat[1], "csatAverage": csat[2],
                         "npsResponses": nps[0], "promoters": nps[1], "detractors": nps[2], "nps": nps[3]},
    }  # fmt: skip


NO_CSAT, NO_NPS = (0, None, None), (0, 0, 0, None)
RANGE = {"period": "DAY", "from": "2026-03-02", "to": "2026-03-05"}


def test_figures_per_day_as_worked_out_by_hand(workspace_a: Workspace, add_person: Any) -> None:
    p, q = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    team = seed(workspace_a, p.user, q.user)
    data = workspace_a.api.data(QUERY, RANGE)["serviceStatistics"]
    assert (data["period"], data["from"], data["to"]) == ("DAY", "2026-03-02", "2026-03-05")
    assert data["periods"] == [
        figures("2026-03-02", 2, 2, 45.0, 780.0, 100.0, (1, 100.0, 5.0), NO_NPS),
        figures("2026-03-03", 1, 2, 10.0, 750.0, 50.0, (2, 50.0, 3.0), NO_NPS),
        figures("2026-03-04", 1, 0, None, None, None, NO_CSAT, (3, 2, 1, 33.3)),
        figures("2026-03-05", 0, 0, None, None, None, NO_CSAT, NO_NPS),  # a gap, filled
    ]
    assert data["totals"] == figures(None, 4, 4, 30.0, 780.0, 66.7, (3, 66.7, 3.67), (3, 2, 1, 33.3))
    assert data["byAgent"] == [
        {"id": gid("User", p.user.pk), "name": p.user.full_name,
         "satisfaction": {"csatResponses": 2, "csatSatisfiedPercent": 50.0, "csatAverage": 3.5}},
        {"id": gid("User", q.user.pk), "name": q.user.full_name,
         "satisfaction": {"csatResponses": 1, "csatSatisfiedPercent": 100.0, "csatAverage": 4.0}},
    ]  # fmt: skip
    assert data["byTeam"] == [
        {"id": gid("Team", team.pk), "name": "Front desk", "satisfaction": {"csatResponses": 2, "csatAverage": 3.5}}
    ]

    weekly = workspace_a.api.data(QUERY, {**RANGE, "period": "WEEK"})["serviceStatistics"]["periods"]
    assert [(w["start"], w["ticketsCreated"], w["ticketsResolved"]) for w in weekly] == [("2026-03-02", 4, 4)]

    only_q = workspace_a.api.data(QUERY, {**RANGE, "agent": gid("User", q.user.pk)})["serviceStatistics"]
    assert only_q["totals"] == figures(None, 1, 1, 10.0, 60.0, 100.0, (1, 100.0, 4.0), NO_NPS)
    only_team = workspace_a.api.data(QUERY, {**RANGE, "team": gid("Team", team.pk)})["serviceStatistics"]
    assert (only_team["totals"]["ticketsCreated"], only_team["totals"]["satisfaction"]["csatResponses"]) == (1, 2)


def test_an_own_scope_member_sees_only_their_tickets_and_answers(workspace_a: Workspace, add_person: Any) -> None:
    p, q = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    seed(workspace_a, p.user, q.user)
    data = p.api.data(QUERY, RANGE)["serviceStatistics"]
    assert data["periods"][:2] == [
        figures("2026-03-02", 2, 2, 45.0, 780.0, 100.0, (1, 100.0, 5.0), NO_NPS),
        figures("2026-03-03", 0, 1, None, 1440.0, 0.0, (1, 0.0, 2.0), NO_NPS),
    ]
    # Q's ticket and answer, the queue's ticket and the NPS answers (nobody's) do not count.
    assert data["totals"] == figures(None, 2, 3, 45.0, 1440.0, 50.0, (2, 50.0, 3.5), NO_NPS)
    assert [a["id"] for a in data["byAgent"]] == [gid("User", p.user.pk)]
    # Asking for a colleague's figures finds nothing of theirs.
    other = p.api.data(QUERY, {**RANGE, "agent": gid("User", q.user.pk)})["serviceStatistics"]["totals"]
    assert other == figures(None, 0, 0, None, None, None, NO_CSAT, NO_NPS)


def test_another_workspace_counts_none_of_these(
    workspace_a: Workspace, workspace_b: Workspace, add_person: Any
) -> None:
    p = add_person(workspace_a, "sales")
    seed(workspace_a, p.user, workspace_a.owner)
    totals = workspace_b.api.data(QUERY, RANGE)["serviceStatistics"]["totals"]
    assert totals == figures(None, 0, 0, None, None, None, NO_CSAT, NO_NPS)


def test_bad_ranges_are_refused(workspace_a: Workspace) -> None:
    backwards = workspace_a.api.execute(QUERY, {"period": "DAY", "from": "2026-03-05", "to": "2026-03-01"})
    assert backwards["errors"][0]["extensions"]["reason"] == "invalid"
    too_long = workspace_a.api.execute(QUERY, {"period": "DAY", "from": "2020-01-01", "to": "2026-03-01"})
    assert too_long["errors"][0]["extensions"]["reason"] == "out_of_range"


def test_the_statistics_query_count_is_pinned(workspace_a: Workspace, add_person: Any) -> None:
    p, q = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    seed(workspace_a, p.user, q.user)
    workspace_a.api.data(QUERY, RANGE)
    # membership; tickets by arrival and by resolution (grouped, then totals); answers; per agent; per team;
    # the agents' names
    with assert_num_queries(9):
        workspace_a.api.data(QUERY, {**RANGE, "to": "2026-12-31"})
