"""Every mutation takes exactly one argument, ``input``; the ones that need nothing accept it empty or not at all."""

from __future__ import annotations

import pytest
from graphql import GraphQLNonNull

from graphql_schema.schema import public_schema, tenant_schema
from tests.conftest import Workspace


@pytest.mark.parametrize("schema", [public_schema, tenant_schema], ids=["public", "tenant"])
def test_every_mutation_takes_one_input(schema: object) -> None:
    mutation = schema._schema.mutation_type  # type: ignore[attr-defined]
    assert mutation is not None
    wrong = {name: sorted(field.args) for name, field in mutation.fields.items() if list(field.args) != ["input"]}
    assert wrong == {}


def test_empty_inputs_are_optional() -> None:
    """``startSession``, ``logOut``, ``setUpTwoFactor`` took no argument before: old calls keep working."""
    fields = tenant_schema._schema.mutation_type.fields  # type: ignore[union-attr]
    for name in ("startSession", "logOut", "setUpTwoFactor"):
        assert not isinstance(fields[name].args["input"].type, GraphQLNonNull), name


@pytest.mark.parametrize(
    "call", ["setUpTwoFactor", "setUpTwoFactor(input: {})", 'setUpTwoFactor(input: {clientMutationId: "x"})']
)
def test_set_up_two_factor_with_or_without_input(workspace_a: Workspace, call: str) -> None:
    data = workspace_a.api.data(f"mutation {{ {call} {{ secret errors {{ code }} }} }}")
    assert data["setUpTwoFactor"]["secret"] and data["setUpTwoFactor"]["errors"] == []


@pytest.mark.parametrize("call", ["logOut", "logOut(input: {})"])
def test_log_out_with_or_without_input(workspace_a: Workspace, call: str) -> None:
    assert workspace_a.api.data(f"mutation {{ {call} {{ ok }} }}")[call.split("(")[0]]["ok"] is True
    assert workspace_a.api.error_codes("{ me { email } }") == ["UNAUTHENTICATED"]  # the token is revoked


def test_start_session_with_an_empty_input(workspace_a: Workspace) -> None:
    data = workspace_a.api.data("mutation { startSession(input: {}) { errors { code } } }")
    assert data["startSession"]["errors"] == []
