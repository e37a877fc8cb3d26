"""The one mutation base: a module declares input, service, payload and ids; the base does the steps.

Every mutation is ``verbNoun(input: VerbNounInput!) -> VerbNounPayload { <record>, errors }``. The base

1. resolves the member (``UNAUTHENTICATED`` without one; ``authenticated=False`` skips it),
2. turns the input into the service's arguments (unset fields left out, ``null`` kept, enums to
   values, the declared global-id fields decoded to primary keys of the expected type, money split
   into its two columns),
3. checks the declared ``permission``, then calls the service inside one ``transaction.atomic()``
   (``atomic=False`` for sign-in style mutations whose refusals must be recorded),
4. puts the result into the payload's record field, or a ``ServiceError`` into its ``errors``
   (and, for creates that look for duplicates, the candidates into ``duplicates``).

A module writes declarations, no wrapper code::

    @strawberry.type
    class SalesMutation:
        create_deal = Create(CreateDealInput, DealPayload, "deal", services.create_deal, ids=DEAL_IDS).field()
        update_deal = Update(UpdateDealInput, DealPayload, "deal", services.update_deal, node="Deal").field()
        delete_deal, restore_deal, delete_deals, restore_deals = recycle_bin_fields(
            Deal, RecordIdInput, DealPayload, "deal", bulk=True
        )

Variants: ``Create`` (``duplicates=True``: a ``DuplicatesFound`` comes back as ``duplicates``),
``Update`` (its input inherits ``VersionedInput``: ``expectedVersion`` refuses a stale write with
``CONFLICT``), ``Delete`` (for good, answers ``DeletePayload``), ``SoftDelete`` / ``Restore`` (recycle
bin: ``recycle_bin_fields`` declares both, and the bulk pair), ``Act`` (a service of ``(membership, pk)``,
e.g. claim), ``BulkDelete`` (the bulk pair of a recycle bin: ``bulk_recycle_fields``), ``Call`` (any
service of ``(membership, **input)``: bulk edits, settings) and ``Batch`` (up to 100 items through
another variant's steps, per-item errors, mode ``EACH`` or ``ALL_OR_NOTHING``). A mutation that needs one more step
subclasses a variant and overrides ``arguments`` or ``answer``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import strawberry
from django.db import transaction
from strawberry import UNSET, relay
from strawberry.types import Info

from graphql_schema.errors import DeletePayload, UserError, user_errors
from graphql_schema.permissions import membership_of, require_membership
from saas.access.registry import RECORD_TYPES
from saas.errors import ServiceError
from saas.kernel import services as kernel
from saas.kernel.services import DuplicatesFound
from saas.kernel.sync import check_version
from saas.records import SoftDeletableRecord, record_type_name

from .inputs import camel_case, input_data
from .nodes import decode_id

# input field holding global ids -> (service argument, node type): {"owner_id": ("owner", "User")}
IdFields = Mapping[str, tuple[str, str]]
# input field holding a MoneyInput -> the currency column beside the amount column of the same name
MoneyFields = Mapping[str, str]
Service = Callable[..., Any]


def global_id(type_name: str, pk: Any) -> strawberry.ID:
    """The global id (``relay.GlobalID``) of a record, as the API shows it."""
    return strawberry.ID(str(relay.GlobalID(type_name, str(pk))))


@strawberry.input(
    description="The input of a mutation that needs nothing: every mutation takes one `input` (optional here), "
    "so clients can call them all alike."
)
class EmptyInput:
    """Subclass it as ``<VerbNoun>Input`` (``@strawberry.input``) for a mutation that takes nothing."""

    client_mutation_id: str | None = strawberry.field(
        default=None, description="Any value of the client's; ignored (the Relay convention's name)."
    )


EMPTY_INPUT_DESCRIPTION = (
    "Nothing to pass yet; the argument may be left out (calls made before it existed keep working)."
)


@dataclass(frozen=True)
class Mutation:
    """The steps every mutation takes; variants say how the service is called and answered."""

    input: type | None
    payload: type
    record: str | tuple[str, ...]  # payload field(s) the service's result goes to
    service: Service | None = None
    ids: IdFields = field(default_factory=dict)
    money: MoneyFields = field(default_factory=dict)
    # Input fields holding the global id of a record of any type (a generic link, e.g. an activity's record):
    # field -> the service's key, given as ``(type name, primary key)``, or None when the client sent null.
    refs: dict[str, str] = field(default_factory=dict)
    # Checked before anything else (e.g. ``saas.access.services.require_admin``): raises ServiceError.
    permission: Callable[[Any], Any] | None = None
    authenticated: bool = True  # False: anyone may call it (e.g. accepting an invitation); membership may be None
    # False for sign-in style mutations: a refused attempt must still count (throttles, lockouts), so
    # their services keep their own transactions instead of one that a ServiceError rolls back.
    atomic: bool = True
    # True for an ``empty_input``: ``input`` may be left out, so calls made before it existed keep working.
    optional_input: bool = False

    # -- what a variant or a module's subclass changes --------------------------------------------

    def arguments(self, input: Any) -> dict[str, Any]:
        """The input as the service's keyword arguments: ids decoded, money split, unset left out."""
        if input is None or self.optional_input:
            return {}
        data = input_data(input, ids=dict(self.ids), skip=("id", "expected_version", *self.money, *self.refs))
        for name, key in self.refs.items():
            value = getattr(input, name)
            if value is not UNSET:
                data[key] = (value.type_name, value.node_id) if value else None
        for amount, currency in self.money.items():
            value = getattr(input, amount)
            if value is UNSET:
                continue
            data[amount] = value.amount if value else None
            if value:
                data[currency] = value.currency
        return data

    def call(self, membership: Any, input: Any) -> Any:
        """Call the service: ``service(membership, **arguments)`` unless a variant says otherwise."""
        assert self.service is not None, f"{type(self).__name__} needs a service"
        return self.service(membership, **self.arguments(input))

    def call_in(self, info: Info, membership: Any, input: Any) -> Any:
        """``call`` for a mutation that needs the request too (sign-in tokens, client address)."""
        return self.call(membership, input)

    def answer(self, result: Any) -> Any:
        """The payload of a success: the result in the record field(s)."""
        if isinstance(self.record, tuple):
            return self.payload(**dict(zip(self.record, result, strict=True)))
        return self.payload(**{self.record: result})

    def refuse(self, error: ServiceError) -> Any:
        """The payload of an expected failure."""
        return self.payload(errors=user_errors(error.errors))

    # -- the steps ----------------------------------------------------------------------------------

    def run(self, info: Info, input: Any) -> Any:
        membership = require_membership(info) if self.authenticated else membership_of(info)
        try:
            with transaction.atomic() if self.atomic else nullcontext():
                if self.permission is not None:
                    self.permission(membership)
                result = self.call_in(info, membership, input)
        except ServiceError as error:
            return self.refuse(error)
        return self.answer(result)

    def field(self, description: str | None = None, *, deprecation_reason: str | None = None) -> Any:
        """The strawberry mutation field: ``create_deal = Create(...).field("...")`` in a Mutation type."""
        mutation = self

        if self.input is None:
            # Every mutation takes one ``input`` (the API's convention): pass an EmptyInput subclass.
            raise TypeError(f"{type(self).__name__} needs an input type; use an EmptyInput subclass")
        resolver: Callable[..., Any]
        if self.optional_input:

            def resolve_optional(info: Info, input: Any = None) -> Any:
                return mutation.run(info, input)

            resolve_optional.__annotations__ = {"info": Info, "input": self.input | None, "return": self.payload}
            resolver = resolve_optional
        else:

            def resolve(info: Info, input: Any) -> Any:
                return mutation.run(info, input)

            resolve.__annotations__ = {"info": Info, "input": self.input, "return": self.payload}
            resolver = resolve
        return strawberry.mutation(resolver=resolver, description=description, deprecation_reason=deprecation_reason)


@dataclass(frozen=True)
class Create(Mutation):
    """``service(membership, data)``; with ``duplicates=True`` also ``allow_duplicate=input.allowDuplicate``."""

    duplicates: bool = False

    def call(self, membership: Any, input: Any) -> Any:
        assert self.service is not None
        data = self.arguments(input)
        if self.duplicates:
            data.pop("allow_duplicate", None)
            return self.service(membership, data, allow_duplicate=input.allow_duplicate)
        return self.service(membership, data)

    def refuse(self, error: ServiceError) -> Any:
        if isinstance(error, DuplicatesFound):
            return self.payload(errors=user_errors(error.errors), duplicates=error.candidates)
        return super().refuse(error)


@strawberry.input(description="What every update input has (optimistic concurrency).")
class VersionedInput:
    """The base of a record type's ``Update<Type>Input``: the kit's ``Update`` checks ``expectedVersion``."""

    expected_version: int | None = strawberry.field(
        default=UNSET,
        description="The record's `version` the change was made against (from `changes`). When the record has "
        "another version now, nothing changes and the answer is the error `conflict`. Left out: no check.",
    )


@dataclass(frozen=True)
class Update(Mutation):
    """``service(membership, pk, data)``: ``input.id`` must be the global id of a ``node``.

    An input with ``expectedVersion`` (``VersionedInput``) is checked first, with the record's row locked
    until the write commits: a stale version is ``CONFLICT`` and the service is not called.
    """

    node: str = ""

    def call_in(self, info: Info, membership: Any, input: Any) -> Any:
        expected = getattr(input, "expected_version", None)
        record_type = RECORD_TYPES.get(self.node)
        if expected not in (None, UNSET) and record_type is not None:
            check_version(membership, record_type.model, decode_id(input.id, self.node, "id"), int(expected))
        return super().call_in(info, membership, input)

    def call(self, membership: Any, input: Any) -> Any:
        assert self.service is not None
        return self.service(membership, decode_id(input.id, self.node, "id"), self.arguments(input))


@dataclass(frozen=True)
class Act(Mutation):
    """``service(membership, pk)`` on one record named by ``input.id`` (claim, approve, ...)."""

    node: str = ""

    def call(self, membership: Any, input: Any) -> Any:
        assert self.service is not None
        return self.service(membership, decode_id(input.id, self.node, "id"))


@dataclass(frozen=True)
class Delete(Act):
    """Delete for good: ``service(membership, pk) -> pk``; answers ``DeletePayload { deletedId ok errors }``."""

    payload: type = DeletePayload
    record: str | tuple[str, ...] = "deleted_id"

    def answer(self, result: Any) -> Any:
        return self.payload(deleted_id=global_id(self.node, result))


@dataclass(frozen=True)
class SoftDelete(Mutation):
    """Move a ``SoftDeletableRecord`` to the recycle bin (the kernel's ``soft_delete``).

    A type whose delete has a rule of its own (only drafts, ...) names its ``service`` of ``(membership, pk)``,
    which ends in the kernel's ``soft_delete``; ``Restore`` likewise ends in ``restore``.
    """

    model: type[SoftDeletableRecord] | None = None

    def call(self, membership: Any, input: Any) -> Any:
        assert self.model is not None
        pk = decode_id(input.id, record_type_name(self.model), "id")
        if self.service is not None:
            return self.service(membership, pk)
        return self.kernel_step(membership, self.model, pk)

    def kernel_step(self, membership: Any, model: type[SoftDeletableRecord], pk: Any) -> Any:
        return kernel.soft_delete(membership, model, pk)


@dataclass(frozen=True)
class Restore(SoftDelete):
    """Bring a record back from the recycle bin (the kernel's ``restore``)."""

    def kernel_step(self, membership: Any, model: type[SoftDeletableRecord], pk: Any) -> Any:
        return kernel.restore(membership, model, pk)


@dataclass(frozen=True)
class Call(Mutation):
    """Any service of ``(membership, **arguments)``: bulk edits, merges, settings."""


@dataclass(frozen=True)
class BulkDelete(Call):
    """A bulk call (delete, restore) answering the global ids of the records it touched.

    Without a ``service``, the kernel's ``soft_delete_many`` on ``model`` (``restore_many`` with
    ``restore=True``), all or nothing, with the ids input field (camelCase) named in its errors.
    """

    node: str = ""
    model: type[SoftDeletableRecord] | None = None
    restore: bool = False

    def call(self, membership: Any, input: Any) -> Any:
        if self.service is not None:
            return super().call(membership, input)
        assert self.model is not None and len(self.ids) == 1, "BulkDelete without a service needs model and ids"
        (input_field,) = self.ids
        step = kernel.restore_many if self.restore else kernel.soft_delete_many
        return step(membership, self.model, self.arguments(input)[self.ids[input_field][0]], camel_case(input_field))

    def answer(self, result: Any) -> Any:
        return self.payload(**{str(self.record): [global_id(self.node, r.pk) for r in result]})


def snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _ids_input(name: str, ids_field: str, description: str | None) -> type:
    namespace: dict[str, Any] = {"__annotations__": {ids_field: list[relay.GlobalID]}, "__module__": __name__}
    if description is not None:
        namespace[ids_field] = strawberry.field(description=description)
    return strawberry.input(type(name, (), namespace))


def _ids_payload(name: str, ids_field: str, description: str | None) -> type:
    namespace: dict[str, Any] = {
        "__annotations__": {ids_field: list[strawberry.ID], "errors": list[UserError]},
        "__module__": __name__,
        ids_field: strawberry.field(default_factory=list, description=description),
        "errors": strawberry.field(default_factory=list),
    }
    return strawberry.type(type(name, (), namespace))


def bulk_recycle_fields(
    model: type[SoftDeletableRecord],
    *,
    delete: str,
    restore: str,
    node: str | None = None,
    plural: str | None = None,
    inputs: str | tuple[str, str] | None = None,
    delete_service: Service | None = None,
    restore_service: Service | None = None,
) -> tuple[Any, Any]:
    """The ``delete<Plural>`` / ``restore<Plural>`` mutation pair of a record type's recycle bin.

    ``delete<Plural>(input: {<node>Ids: [ID!]!}) -> Delete<Plural>Payload {deletedIds errors}`` and
    ``restore<Plural>(...) -> Restore<Plural>Payload {restoredIds errors}``, all or nothing, through the
    kernel (``soft_delete_many`` / ``restore_many``) unless services are given::

        delete_contracts, restore_contracts = bulk_recycle_fields(
            models.Contract, delete="Move many contracts ...", restore="Bring many contracts back ..."
        )

    ``delete`` / ``restore`` describe the two mutations. ``plural`` is the type name's plural
    (``Companies``; default: ``<node>s``); ``inputs`` the input type name(s): one shared
    (default ``<node>IdsInput``) or ``(delete input, restore input)``.
    """
    node = node or record_type_name(model)
    plural = plural or f"{node}s"
    ids_field = f"{snake_case(node)}_ids"
    words = str(model._meta.verbose_name_plural)
    at_most = f"At most {kernel.MAX_BULK} {words}."
    if isinstance(inputs, tuple):
        delete_input = _ids_input(inputs[0], ids_field, at_most)
        restore_input = _ids_input(inputs[1], ids_field, at_most)
    else:
        delete_input = restore_input = _ids_input(inputs or f"{node}IdsInput", ids_field, at_most)
    delete_payload = _ids_payload(f"Delete{plural}Payload", "deleted_ids", f"The {words} deleted.")
    restore_payload = _ids_payload(f"Restore{plural}Payload", "restored_ids", f"The {words} restored.")
    ids = {ids_field: (ids_field, node)}
    removing = BulkDelete(delete_input, delete_payload, "deleted_ids", delete_service, ids, node=node, model=model)
    bringing = BulkDelete(
        restore_input, restore_payload, "restored_ids", restore_service, ids, node=node, model=model, restore=True
    )
    return removing.field(delete), bringing.field(restore)


def recycle_bin_fields(
    model: type[SoftDeletableRecord],
    input: type,
    payload: type,
    record: str,
    *,
    delete: str = "To the recycle bin.",
    restore: str | None = None,
    delete_service: Service | None = None,
    restore_service: Service | None = None,
    restore_input: type | None = None,
    bulk: bool = False,
    bulk_delete: str | None = None,
    bulk_restore: str | None = None,
    bulk_delete_service: Service | None = None,
    plural: str | None = None,
) -> tuple[Any, ...]:
    """A record type's recycle bin: ``delete<Node>`` and ``restore<Node>``, with ``bulk`` also the plural pair.

    ::

        delete_contract, restore_contract, delete_contracts, restore_contracts = recycle_bin_fields(
            models.Contract, ContractIdInput, ContractPayload, "contract", bulk=True
        )

    ``input`` takes the record's ``id`` (``restore_input`` when restoring takes another type); ``payload``
    answers it in ``record``. A type whose delete has a rule of its own names its services (``delete_service``,
    ``restore_service`` of ``(membership, pk)``; ``bulk_delete_service`` of the ids). The descriptions default
    to the plain words ("To the recycle bin.", "Bring a contract back from the recycle bin.", "Move many
    contracts to the recycle bin at once, all or nothing.", "... (the undo of `deleteContracts`).").
    """
    node = record_type_name(model)
    words, many = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
    article = "an" if words[:1] in "aeiou" else "a"
    fields: tuple[Any, ...] = (
        SoftDelete(input, payload, record, delete_service, model=model).field(delete),
        Restore(restore_input or input, payload, record, restore_service, model=model).field(
            restore or f"Bring {article} {words} back from the recycle bin."
        ),
    )
    if not bulk:
        return fields
    plural = plural or f"{node}s"
    return fields + bulk_recycle_fields(
        model,
        plural=plural,
        delete=bulk_delete or f"Move many {many} to the recycle bin at once, all or nothing.",
        restore=bulk_restore or f"Bring many {many} back from the recycle bin at once (the undo of `delete{plural}`).",
        delete_service=bulk_delete_service,
    )


# -- batches ----------------------------------------------------------------------------------------

MAX_BATCH_ITEMS = 100


@strawberry.enum(description="How a batch mutation writes its items.")
class BatchMode(Enum):
    EACH = strawberry.enum_value("each", description="One transaction per item: valid items are written.")
    ALL_OR_NOTHING = strawberry.enum_value(
        "all_or_nothing", description="One transaction: any item's error writes nothing (every error is reported)."
    )


@strawberry.type(description="An expected failure of one item of a batch mutation.")
class BatchItemError:
    index: int = strawberry.field(description="The item's position in `items`, from 0; -1 for the whole batch.")
    field: str | None = strawberry.field(description="The item's input field at fault, camelCase; null for the item.")
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(description="Stable, machine-readable reason, as in `UserError.code`.")


@dataclass(frozen=True)
class Batch(Mutation):
    """Up to ``MAX_BATCH_ITEMS`` items, each through the ``item`` mutation's own steps (ids, service, checks).

    The input is ``{items: [ItemInput!]!, mode: BatchMode = EACH}``; the payload holds the results in
    ``record`` (a list in the order of the items, ``null`` where an item failed or nothing was written)
    and ``errors: [BatchItemError!]!``. ``EACH`` writes each item in its own transaction; ``ALL_OR_NOTHING``
    runs every item (so all errors come back at once) inside one transaction that any error rolls back.
    Events of rolled-back items are never sent (they wait for the commit).
    """

    item: Mutation | None = None

    def run(self, info: Info, input: Any) -> Any:
        assert self.item is not None and isinstance(self.record, str)
        membership = require_membership(info)
        items = list(input.items)
        if len(items) > MAX_BATCH_ITEMS:
            error = BatchItemError(
                index=-1, field="items", message=f"At most {MAX_BATCH_ITEMS} items in one call.", code="too_many"
            )
            return self.payload(**{self.record: [], "errors": [error]})
        results: list[Any] = [None] * len(items)
        errors: list[BatchItemError] = []
        all_or_nothing = input.mode == BatchMode.ALL_OR_NOTHING
        with transaction.atomic() if all_or_nothing else nullcontext():
            for index, item in enumerate(items):
                try:
                    with transaction.atomic():  # a savepoint when all or nothing: the next items still run
                        if self.item.permission is not None:
                            self.item.permission(membership)
                        results[index] = self.item.call_in(info, membership, item)
                except ServiceError as error:
                    errors += [
                        BatchItemError(index=index, field=e.field, message=e.message, code=e.code) for e in error.errors
                    ]
            if all_or_nothing and errors:
                transaction.set_rollback(True)
                results = [None] * len(items)
        return self.payload(**{self.record: results, "errors": errors})
