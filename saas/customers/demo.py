"""Sample customers for the demo workspace (declared in saas.customers.module: its demo seeder).

Deterministic (a fixed random seed), written straight through the ORM: the demo is
seeded once, in its own schema, before anyone signs in.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from saas.kernel.models import SavedView

from .models import Company, Contact, ContactGroup, Interaction, PoolRule, Tag

COMPANIES = [
    # name, industry, size, region, country, city, source, level, stage
    ("Shanghai Bright Textiles", "Textiles", "201-1000", "East China", "CN", "Shanghai", "trade_show", "a", "active"),
    (
        "Shenzhen Nova Electronics",
        "Electronics",
        "1001+",
        "South China",
        "CN",
        "Shenzhen",
        "partner",
        "strategic",
        "active",
    ),
    ("Hangzhou Green Tea Co", "Food & beverage", "51-200", "East China", "CN", "Hangzhou", "website", "b", "prospect"),
    ("Beijing Northstar Logistics", "Logistics", "201-1000", "North China", "CN", "Beijing", "referral", "a", "active"),
    (
        "Chengdu Panda Foods",
        "Food & beverage",
        "51-200",
        "Southwest China",
        "CN",
        "Chengdu",
        "advertising",
        "c",
        "dormant",
    ),
    ("Guangzhou Pearl Trading", "Wholesale", "11-50", "South China", "CN", "Guangzhou", "cold_call", "c", "prospect"),
    (
        "Wuhan Yangtze Machinery",
        "Manufacturing",
        "201-1000",
        "Central China",
        "CN",
        "Wuhan",
        "trade_show",
        "b",
        "active",
    ),
    ("Xi'an Terracotta Travel", "Tourism", "11-50", "Northwest China", "CN", "Xi'an", "social", "c", "lost"),
    (
        "Nanjing Purple Mountain Pharma",
        "Pharmaceuticals",
        "1001+",
        "East China",
        "CN",
        "Nanjing",
        "referral",
        "strategic",
        "active",
    ),
    ("Suzhou Silk Garden", "Textiles", "11-50", "East China", "CN", "Suzhou", "website", "c", "prospect"),
    ("Tianjin Harbour Shipping", "Logistics", "201-1000", "North China", "CN", "Tianjin", "partner", "a", "active"),
    (
        "Qingdao Ocean Brewery",
        "Food & beverage",
        "201-1000",
        "East China",
        "CN",
        "Qingdao",
        "trade_show",
        "b",
        "dormant",
    ),
    ("Hamburg Nordic Imports", "Wholesale", "51-200", "Hamburg", "DE", "Hamburg", "trade_show", "b", "active"),
    (
        "Lyon Precision Optics",
        "Manufacturing",
        "51-200",
        "Auvergne-Rhône-Alpes",
        "FR",
        "Lyon",
        "website",
        "b",
        "prospect",
    ),
    ("Austin Cloudworks", "Software", "51-200", "Texas", "US", "Austin", "advertising", "a", "active"),
    ("Seattle Evergreen Outdoor", "Retail", "201-1000", "Washington", "US", "Seattle", "referral", "b", "active"),
    ("Toronto Maple Analytics", "Software", "11-50", "Ontario", "CA", "Toronto", "social", "c", "prospect"),
    ("Singapore Lion Fintech", "Financial services", "51-200", "Central", "SG", "Singapore", "partner", "a", "active"),
    (
        "Osaka Sakura Robotics",
        "Manufacturing",
        "201-1000",
        "Kansai",
        "JP",
        "Osaka",
        "trade_show",
        "strategic",
        "active",
    ),
    ("Sydney Harbour Health", "Healthcare", "201-1000", "New South Wales", "AU", "Sydney", "website", "b", "dormant"),
    ("Milan Design Studio", "Design", "1-10", "Lombardy", "IT", "Milan", "social", "c", "lost"),
    ("Dubai Desert Solar", "Energy", "51-200", "Dubai", "AE", "Dubai", "cold_call", "b", "prospect"),
    ("São Paulo Verde Agro", "Agriculture", "201-1000", "São Paulo", "BR", "São Paulo", "partner", "a", "active"),
    ("Nairobi Savanna Telecom", "Telecommunications", "51-200", "Nairobi", "KE", "Nairobi", "import", "c", "prospect"),
    ("Unclaimed Lead Trading", "Wholesale", "1-10", "East China", "CN", "Ningbo", "import", "", "prospect"),
]

FIRST_NAMES = [
    "Wei",
    "Fang",
    "Lei",
    "Jing",
    "Min",
    "Hao",
    "Yan",
    "Anna",
    "Lukas",
    "Marie",
    "James",
    "Olivia",
    "Kenji",
    "Priya",
    "Carlos",
    "Amara",
    "Sven",
    "Chloé",
    "Mateo",
    "Aisha",
]
LAST_NAMES = [
    "Zhang",
    "Wang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Schmidt",
    "Dubois",
    "Smith",
    "Tanaka",
    "Sharma",
    "Silva",
    "Okafor",
    "Larsen",
    "Rossi",
    "García",
    "Khan",
]
TITLES = [
    ("CEO", "decision_maker"),
    ("CFO", "decision_maker"),
    ("Head of Purchasing", "decision_maker"),
    ("IT Manager", "technical_buyer"),
    ("Operations Lead", "influencer"),
    ("Engineer", "user"),
    ("Office Manager", "gatekeeper"),
    ("Project Manager", "champion"),
]
OUTCOMES = [
    "Interested, send a quote",
    "Left a voicemail",
    "Demo booked",
    "Needs budget approval",
    "Asked for references",
    "Not now, follow up next quarter",
    "Signed the order",
]


def seed_customers(tenant: Any, members: list[Any]) -> None:
    rng = random.Random(2026)
    now = timezone.now()
    sellers = members[1:] or members
    tags = {
        name: Tag.objects.create(name=name, color=color)
        for name, color in [
            ("VIP", "#d62728"),
            ("Key account", "#1f77b4"),
            ("Reseller", "#2ca02c"),
            ("Newsletter", "#9467bd"),
            ("Trade show 2026", "#ff7f0e"),
        ]
    }
    groups = [
        ContactGroup.objects.create(name=n, description=d)
        for n, d in [
            ("Decision makers", "People who sign."),
            ("Newsletter subscribers", "Monthly product news."),
        ]
    ]
    companies = []
    for i, (name, industry, size, region, country, city, source, level, stage) in enumerate(COMPANIES):
        created = now - timedelta(days=rng.randint(5, 400))
        owner = None if name.startswith("Unclaimed") else rng.choice(sellers)
        company = Company.objects.create(
            name=name,
            industry=industry,
            size=size,
            region=region,
            country=country,
            source=source,
            level=level,
            lifecycle_stage=stage,
            lifecycle_stage_changed_at=created,
            created_at=created,
            website=f"https://www.{name.split()[0].lower().replace(chr(39), '')}{i}.example",
            phone=f"+86 21 5555 {1000 + i}" if country == "CN" else f"+1 555 01{i:02d}",
            addresses=[{"kind": "headquarters", "city": city, "region": region, "country": country}],
            credit_rating=rng.choice(["aaa", "aa", "a", "bbb", "bb"]),
            credit_limit=Decimal(rng.choice([50_000, 100_000, 250_000, 1_000_000])),
            credit_currency="CNY" if country == "CN" else "USD",
            owner=owner,
            owner_assigned_at=created if owner else None,
        )
        company.tags.set(rng.sample(list(tags.values()), k=rng.randint(0, 2)))
        companies.append(company)
    # Suzhou Silk Garden is a subsidiary of Shanghai Bright Textiles.
    Company.objects.filter(pk=companies[9].pk).update(parent=companies[0])

    contacts = []
    for company in companies:
        for _ in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            title, role = rng.choice(TITLES)
            domain = company.website.removeprefix("https://www.")
            contact = Contact.objects.create(
                first_name=first,
                last_name=last,
                company=company,
                title=title,
                buying_role=role,
                emails=[f"{first.lower()}.{last.lower()}@{domain}".replace("é", "e").replace("í", "i")],
                phones=[f"+8613{rng.randint(100000000, 999999999)}"],
                wechat_id=f"{first.lower()}_{rng.randint(10, 99)}" if company.country == "CN" else "",
                birthday=(now - timedelta(days=rng.randint(25 * 365, 60 * 365))).date(),
                email_consent=rng.random() < 0.7,
                sms_consent=rng.random() < 0.4,
                preferences={"language": "zh" if company.country == "CN" else "en"},
                owner=company.owner,
                owner_assigned_at=company.owner_assigned_at,
                created_at=company.created_at,
            )
            if role == "decision_maker":
                contact.groups.add(groups[0])
            if contact.email_consent:
                contact.groups.add(groups[1])
            contacts.append(contact)

    kinds = ["call", "email", "meeting", "visit", "chat", "social_message", "note"]
    for contact in rng.sample(contacts, k=min(len(contacts), 40)):
        for _ in range(rng.randint(1, 3)):
            when = now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
            Interaction.objects.create(
                kind=rng.choice(kinds),
                direction=rng.choice(["inbound", "outbound"]),
                occurred_at=when,
                subject=rng.choice(["Intro call", "Quote follow-up", "Quarterly review", "Site visit", "WeChat chat"]),
                outcome=rng.choice(OUTCOMES),
                performed_by=contact.owner or rng.choice(sellers),
                company=contact.company,
                contact=contact,
            )
    for model in (Company, Contact):
        for record in model.objects.all():
            latest = record.interactions.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
            if latest:
                model.objects.filter(pk=record.pk).update(last_interaction_at=latest)

    PoolRule.objects.update_or_create(pk=1, defaults={"return_after_days": 90})
    SavedView.objects.create(
        name="Active strategic accounts",
        record_type="company",
        shared=True,
        owner=members[0],
        filter={"lifecycleStage": {"eq": "ACTIVE"}, "level": {"eq": "STRATEGIC"}},
        ordering=[{"name": "ASC"}],
        columns=["name", "owner", "region", "lifecycleStage", "creditLimit"],
    )
