"""Tenant context under concurrency: hundreds of interleaved requests at a real uvicorn.

Every answer must belong to the tenant of its own host: no thread reuse, async
hop or cache may carry one tenant's schema into another tenant's request.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import pytest

from tests.conftest import PASSWORD
from tests.live_stack import live_stack

pytestmark = pytest.mark.live_server_process

WHO = "{ currentTenant { subdomain name } me { email } }"
TENANTS = ["north", "south", "east", "west", "centre"]


def post(client: httpx.Client, url: str, host: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = client.post(
        f"{url}/graphql/", json={"query": query, "variables": variables or {}}, headers={"Host": host}
    )
    return response.json()


def test_interleaved_requests_of_many_tenants_each_get_their_own_data() -> None:
    with live_stack(processes=2) as stack, httpx.Client(timeout=30) as client:
        tokens = {name: stack.sign_up(client, name, PASSWORD) for name in TENANTS}

        # 400 requests: each tenant's own token on its own host, interleaved with
        # tokens presented on a foreign host (which must get nothing), on 2 processes.
        rng = random.Random(7)
        plan = [(rng.choice(TENANTS), rng.choice(TENANTS), i) for i in range(400)]

        async def fire() -> list[tuple[str, str, dict[str, Any]]]:
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(timeout=30, limits=limits) as http:
                gate = asyncio.Semaphore(48)

                async def one(host_tenant: str, token_tenant: str, i: int) -> tuple[str, str, dict[str, Any]]:
                    async with gate:
                        response = await http.post(
                            f"{stack.host_url(i)}/graphql/",
                            json={"query": WHO},
                            headers={
                                "Host": f"{host_tenant}.localhost",
                                "Authorization": f"Bearer {tokens[token_tenant]}",
                            },
                        )
                        return host_tenant, token_tenant, response.json()

                return await asyncio.gather(*(one(*p) for p in plan))

        results = asyncio.run(fire())

    assert len(results) == 400
    own = foreign = 0
    for host_tenant, token_tenant, body in results:
        if host_tenant == token_tenant:
            own += 1
            assert body["data"] == {
                "currentTenant": {"subdomain": host_tenant, "name": f"{host_tenant.title()} Ltd"},
                "me": {"email": f"boss@{host_tenant}.example.com"},
            }, body
        else:
            foreign += 1
            assert body["data"] is None, body
            assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}
    assert own > 50 and foreign > 50
