"""Rows load into the same instances ``Model.__init__`` makes (saas/records.py ``Record.from_db``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.db.models.signals import post_init

from saas import records
from saas.customers.models import Company, Contact, Tag
from tests.conftest import Workspace

pytestmark = pytest.mark.django_db


def djangos_way(instance: models.Model, names: list[str]) -> models.Model:
    values = [instance.__dict__[name] for name in names]
    return models.Model.from_db.__func__(type(instance), instance._state.db, names, values)  # type: ignore[attr-defined]


def same(loaded: models.Model, reference: models.Model, annotations: frozenset[str] = frozenset()) -> None:
    assert type(loaded) is type(reference)
    assert loaded.__dict__.keys() == reference.__dict__.keys() | annotations  # set by the query, after loading
    assert all(loaded.__dict__[k] == reference.__dict__[k] for k in reference.__dict__ if k != "_state")
    assert (loaded._state.adding, loaded._state.db) == (reference._state.adding, reference._state.db)
    assert loaded._state.db == "default" and not loaded._state.adding


@pytest.fixture
def rows(workspace_a: Workspace) -> Workspace:
    workspace_a.activate()
    vip = Tag.objects.create(name="VIP")
    globex = Company.objects.create(name="Globex", owner=workspace_a.owner)
    ann = Contact.objects.create(first_name="Ann", company=globex, owner=workspace_a.owner, emails=["a@x.io"])
    ann.tags.set([vip])
    return workspace_a


def test_whole_rows_deferred_rows_and_joined_rows_match_djangos(rows: Workspace) -> None:
    assert all(records._loads_plainly(m) for m in (Contact, Company, Tag))  # they take the direct way
    contact = Contact.objects.get(first_name="Ann")
    same(contact, djangos_way(contact, [f.attname for f in Contact._meta.concrete_fields]))
    partial = Contact.objects.only("first_name", "company_id").get(first_name="Ann")
    same(partial, djangos_way(partial, ["id", "first_name", "company_id"]))
    assert partial.get_deferred_fields() >= {"last_name", "emails"}
    assert partial.emails == ["a@x.io"]  # a deferred field still loads on access
    joined = Contact.objects.select_related("company").get(first_name="Ann")
    same(joined.company, djangos_way(joined.company, [f.attname for f in Company._meta.concrete_fields]))
    tag = Contact.objects.prefetch_related("tags").get(first_name="Ann").tags.all()[0]
    same(
        tag,
        djangos_way(tag, [f.attname for f in Tag._meta.concrete_fields]),
        frozenset({"_prefetch_related_val_contact_id"}),
    )


def test_loaded_rows_save_refresh_and_follow_relations(rows: Workspace) -> None:
    contact = Contact.objects.get(first_name="Ann")
    assert contact.company.name == "Globex" and contact.owner_id == rows.owner.pk
    contact.company_id = None
    assert contact.company is None  # the foreign key descriptor still works after a load
    contact.first_name = "Anna"
    contact.save()
    contact.refresh_from_db()
    assert (contact.first_name, contact.company_id) == ("Anna", None)
    assert not Contact.objects.get(pk=contact.pk)._state.adding


def test_models_with_init_receivers_load_through_model_init(rows: Workspace) -> None:
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(receiver, sender=Tag)
    try:
        tag = Tag.objects.get(name="VIP")
    finally:
        post_init.disconnect(receiver, sender=Tag)
    assert seen == [tag]
