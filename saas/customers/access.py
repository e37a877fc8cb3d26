"""How the customers module plugs into access control: its record types and sample-record factories.

The factories make one valid record owned by a given user id; the permission
matrix test runs every built-in role against every registered type through them.
"""

from __future__ import annotations

from django.utils import timezone

from saas.access.registry import register

from .models import Company, Contact, ContactGroup, Interaction, Tag


def new_company(owner_id: int | None) -> Company:
    return Company.objects.create(name="Matrix Industries", owner_id=owner_id)


def new_contact(owner_id: int | None) -> Contact:
    return Contact.objects.create(first_name="Mara", last_name="Trix", owner_id=owner_id)


def new_interaction(owner_id: int | None) -> Interaction:
    return Interaction.objects.create(
        kind="call", occurred_at=timezone.now(), subject="Intro call", performed_by_id=owner_id
    )


def new_tag(owner_id: int | None) -> Tag:
    return Tag.objects.create(name=f"tag-{Tag.objects.count() + 1}")


def new_group(owner_id: int | None) -> ContactGroup:
    return ContactGroup.objects.create(name=f"group-{ContactGroup.objects.count() + 1}")


def register_record_types() -> None:
    register(
        Company,
        owner_field="owner",
        sensitive_fields=("credit_limit", "credit_rating"),
        factory=new_company,
        pool=True,  # unowned companies are the public pool: every salesperson may see and claim them
    )
    register(
        Contact,
        owner_field="owner",
        sensitive_fields=("birthday", "phones", "emails"),
        factory=new_contact,
        pool=True,
    )
    register(Interaction, owner_field="performed_by", factory=new_interaction)
    register(Tag, owner_field=None, factory=new_tag)
    register(ContactGroup, owner_field=None, factory=new_group)
