"""The kit's status lifecycle (saas.kernel.lifecycle), first used by repair orders."""

from __future__ import annotations

import pytest

from saas.errors import ServiceError
from saas.kernel.lifecycle import Lifecycle
from saas.repairs.models import RepairStatus
from saas.repairs.services import LIFECYCLE

S = RepairStatus


def test_allowed_moves_come_in_the_order_of_the_statuses() -> None:
    assert LIFECYCLE.allowed(S.DIAGNOSING) == [S.AWAITING_PARTS, S.IN_REPAIR, S.READY, S.CANCELLED]
    assert LIFECYCLE.is_final(S.RETURNED) and LIFECYCLE.is_final(S.CANCELLED)
    assert not LIFECYCLE.is_final(S.READY)


def test_a_refused_move_is_a_typed_error_naming_where_the_record_may_go() -> None:
    with pytest.raises(ServiceError) as refused:
        LIFECYCLE.check(S.RECEIVED, S.RETURNED)
    (error,) = refused.value.errors
    assert (error.field, error.code) == ("status", "invalid_transition")
    assert error.message == (
        "A repair order that is received cannot become returned; it may become: diagnosing, cancelled."
    )
    with pytest.raises(ServiceError) as final:
        LIFECYCLE.check(S.RETURNED, S.IN_REPAIR)
    assert "nothing (it is final)" in final.value.errors[0].message


def test_a_lifecycle_without_history_only_checks_and_sets() -> None:
    class Thing:
        status = "draft"

    class Status(str):
        pass

    from django.db import models

    class DocStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    lifecycle = Lifecycle(DocStatus, {DocStatus.DRAFT: {DocStatus.SENT}}, "document")
    thing = Thing()
    assert lifecycle.move(thing, DocStatus.SENT) == "draft"  # type: ignore[arg-type]
    assert thing.status == "sent"
    with pytest.raises(ServiceError):
        lifecycle.move(thing, DocStatus.DRAFT)  # type: ignore[arg-type]
