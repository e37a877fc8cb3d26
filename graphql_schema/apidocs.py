"""The API reference at ``/docs/api/``: one HTML page generated from the served schema, plus guides.

Generated, never written by hand, so it cannot go stale: every type, field, argument and enum value
of the tenant schema (and the public schema's sign-up / sign-in) with its description and
deprecation, after the guides integrators read first (authentication, errors, limits, pagination,
subscriptions, webhooks, examples in Python and JavaScript). tests/api/test_apidocs.py renders it in
``make test`` and holds the ratchet of undocumented names (``docs/api/undocumented.txt``, which may
only shrink) and the deprecation rule (a reason ending ``Removal: YYYY-MM-DD.``).

``python -m graphql_schema.apidocs [out.html]`` writes the page (to stdout without a path).
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    is_introspection_type,
    is_specified_scalar_type,
)

from .core.core_schema import core_schema

CHANGELOG = Path(__file__).resolve().parent.parent / "docs" / "api" / "CHANGELOG.md"
UNDOCUMENTED = CHANGELOG.with_name("undocumented.txt")

#: A deprecation reason says what to use instead and ends with the day the field goes away.
DEPRECATION_REASON = re.compile(r"\S.*Removal: \d{4}-\d{2}-\d{2}\.$", re.DOTALL)


def named_types(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    """The schema's own types, by name (no introspection types, no built-in scalars)."""
    return [
        t
        for name, t in sorted(schema.type_map.items())
        if not is_introspection_type(t) and not is_specified_scalar_type(t) and not name.startswith("__")
    ]


def undocumented(schema: GraphQLSchema) -> list[str]:
    """Schema coordinates without a description: ``Type``, ``Type.field``, ``Type.field(argument:)``."""
    missing: list[str] = []
    for named in named_types(schema):
        if not named.description:
            missing.append(named.name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing.append(f"{named.name}.{field_name}")
                for arg_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{named.name}.{field_name}({arg_name}:)")
    return missing


def deprecations(schema: GraphQLSchema) -> Iterator[tuple[str, str]]:
    """``(coordinate, reason)`` of everything deprecated: fields, arguments, input fields, enum values."""
    for named in named_types(schema):
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if field.deprecation_reason:
                    yield f"{named.name}.{field_name}", field.deprecation_reason
                for arg_name, argument in getattr(field, "args", {}).items():
                    if argument.deprecation_reason:
                        yield f"{named.name}.{field_name}({arg_name}:)", argument.deprecation_reason
        if isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                if value.deprecation_reason:
                    yield f"{named.name}.{value_name}", value.deprecation_reason


# --- guides --------------------------------------------------------------------------------------

WEBHOOK_VERIFY_EXAMPLE = """import hashlib, hmac, time

def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(fields["t"])
    if abs(time.time() - timestamp) > tolerance:
        return False  # too old (or from the future): a replay
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])
"""

PYTHON_EXAMPLE = """import json
import time

import requests

API = "https://acme.example.com/graphql/"
HEADERS = {"Authorization": "Bearer crm_<prefix>_<secret>"}  # an API key (or a token from logIn)

QUERY = \"\"\"query($after: String) {
  contacts(first: 100, after: $after, orderBy: [{lastName: ASC}]) {
    pageInfo { hasNextPage endCursor }
    edges { node { id firstName lastName emails } }
  }
}\"\"\"

after = None
while True:
    response = requests.post(API, json={"query": QUERY, "variables": {"after": after}}, headers=HEADERS)
    if response.status_code == 429:  # rate limited: wait as told, then retry
        time.sleep(int(response.headers["Retry-After"]))
        continue
    page = response.json()["data"]["contacts"]
    for edge in page["edges"]:
        print(edge["node"])
    if not page["pageInfo"]["hasNextPage"]:
        break
    after = page["pageInfo"]["endCursor"]

# A whole list: export it in the background, then download JSON lines.
START = \"\"\"mutation($input: StartBulkExportInput!) {
  startBulkExport(input: $input) { bulkExport { id } errors { field code message } }
}\"\"\"
STATUS = "query($id: ID!) { bulkExport(id: $id) { status rowCount errorMessage url } }"
EVERY_CONTACT = "{ contacts(orderBy: [{lastName: ASC}]) { edges { node { id firstName lastName } } } }"
started = requests.post(
    API, json={"query": START, "variables": {"input": {"query": EVERY_CONTACT}}}, headers=HEADERS
).json()["data"]["startBulkExport"]
export_id = started["bulkExport"]["id"]
while True:
    answer = requests.post(API, json={"query": STATUS, "variables": {"id": export_id}}, headers=HEADERS)
    export = answer.json()["data"]["bulkExport"]
    if export["status"] not in ("CREATED", "RUNNING"):
        break
    time.sleep(2)
with requests.get(export["url"], stream=True) as download:  # no credentials: the link is signed
    for line in download.iter_lines():
        print(json.loads(line))

# Load up to 100 contacts in one call; each item succeeds or fails on its own.
CREATE = \"\"\"mutation($input: CreateContactsInput!) {
  createContacts(input: $input) { contacts { id } errors { index field code message } }
}\"\"\"
items = [{"firstName": "Ada", "lastName": "Lovelace", "emails": ["ada@example.com"]}]
result = requests.post(API, json={"query": CREATE, "variables": {"input": {"items": items}}}, headers=HEADERS)
"""

JS_EXAMPLE = """import { createClient } from "graphql-ws";

const API = "https://acme.example.com/graphql/";
const headers = { "Content-Type": "application/json", Authorization: "Bearer crm_<prefix>_<secret>" };

const response = await fetch(API, {
  method: "POST",
  headers,
  body: JSON.stringify({
    query: `mutation($input: CreateCompanyInput!) {
      createCompany(input: $input) { company { id name } errors { field code message } }
    }`,
    variables: { input: { name: "Globex" } },
  }),
});
const { data, errors, extensions } = await response.json();
console.log(extensions.cost.currentlyAvailable); // points left in your rate-limit bucket

// Live changes over the WebSocket (graphql-transport-ws).
const client = createClient({
  url: "wss://acme.example.com/graphql/",
  connectionParams: { apiKey: "crm_<prefix>_<secret>" }, // or { authToken: "<token>" }
  // 4403: access refused or revoked. It is final: retry only on other close codes.
  shouldRetry: (event) => !(event && typeof event === "object" && "code" in event && event.code === 4403),
});
client.subscribe(
  { query: `subscription { recordChanged(types: ["Contact"]) { action recordType recordId } }` },
  { next: (event) => console.log(event.data), error: console.error, complete: () => {} },
);
// Queries and mutations may share the socket: one result, then complete.
const me = await new Promise((resolve, reject) => {
  let result;
  client.subscribe(
    { query: "{ me { email } }" },
    { next: (r) => (result = r), error: reject, complete: () => resolve(result) },
  );
});
"""

GUIDES: list[tuple[str, str, str]] = [
    (
        "authentication",
        "Authentication",
        """<p>Each workspace has its own host: <code>POST https://&lt;subdomain&gt;.&lt;domain&gt;/graphql/</code>
with a JSON body <code>{"query", "variables", "operationName"}</code>. Sign-up and sign-in
(<code>signUp</code>, <code>logIn</code>) live on the base domain's <code>/graphql/</code>.</p>
<ul>
<li><b>API keys</b> (integrations): an admin creates one with <code>createApiKey(input: {name, role})</code>;
it is shown once. Send <code>Authorization: Bearer crm_&lt;prefix&gt;_&lt;secret&gt;</code> or
<code>X-Api-Key: …</code>. The key acts as a member with its role, until it expires or is revoked.</li>
<li><b>Tokens</b>: <code>logIn</code> answers a bearer token (valid 14 days by default), revoked by
<code>logOut</code> or a password change.</li>
<li><b>WebSocket</b>: <code>{"authToken": "…"}</code> (a token) or <code>{"apiKey": "crm_…"}</code> (an API key)
in <code>connection_init</code>; the browser's session cookie also works.</li>
</ul>
<p>What your role may not read does not exist for you: lists leave it out, <code>node(id:)</code> is null,
and a hidden field is null with a <code>FORBIDDEN</code> error at its path.</p>""",
    ),
    (
        "errors",
        "Errors",
        """<p>Two kinds. <b>Expected failures of a mutation</b> (validation, permission, a taken name) come back
in its payload: <code>errors { field message code }</code> (batches: <code>errors { index field message code }</code>);
the mutation then changed nothing. <b>Request errors</b> are GraphQL <code>errors</code> entries with
<code>extensions.code</code>: <code>UNAUTHENTICATED</code>, <code>FORBIDDEN</code>, <code>BAD_USER_INPUT</code>,
<code>PAGE_SIZE_OUT_OF_RANGE</code>, <code>INVALID_CURSOR</code>, <code>QUERY_TOO_COSTLY</code>,
<code>FIELD_HIDDEN</code>, <code>INVALID_FILTER</code>, <code>TOO_MANY_IDS</code>, <code>RATE_LIMITED</code>,
<code>PERSISTED_QUERY_NOT_FOUND</code>. Anything unexpected is <code>INTERNAL_SERVER_ERROR</code> without
details. Switch on codes, never on messages.</p>""",
    ),
    (
        "limits",
        "Limits and rate limits",
        """<p>Checked before anything runs: depth 10, 15 aliases, 2,000 tokens, pages of 0 to 100 items, and a
query cost of at most 10,000 (a connection costs its page size times the pages it is nested in:
<code>companies(first: 100) { contacts(first: 5) }</code> costs 100 + 100 * 5 = 600).</p>
<p><b>Rate limits</b> are token buckets of cost points: one for the workspace and one for your API key (or
member). A request costs its query cost (at least 1) plus 10 per mutation field; it is taken from
every bucket or none, and buckets refill at a steady rate. Every response reports your tightest bucket
in <code>extensions.cost</code> — <code>requested</code>, <code>actual</code>, <code>bucketMaximum</code>,
<code>currentlyAvailable</code>, <code>restoreRate</code> (points per second), <code>bucket</code> — and in the
headers <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code>, <code>RateLimit-Reset</code> (seconds
until full) and <code>RateLimit-Policy</code>. A request that does not fit runs nothing: HTTP 429 with
<code>Retry-After</code> and an error <code>RATE_LIMITED</code> whose <code>extensions.retryAfter</code> is the
seconds to wait. Bucket sizes depend on the workspace's plan.</p>""",
    ),
    (
        "pagination",
        "Pagination",
        """<p>Lists are Relay connections: <code>edges { cursor node }</code>, <code>pageInfo { hasNextPage
hasPreviousPage startCursor endCursor }</code>, <code>totalCount</code>. Ask for <code>first</code> items
<code>after</code> a cursor (or <code>last</code> / <code>before</code>); 20 by default, at most 100. Cursors
are opaque keyset cursors (the position in the list's ordering, signed): paging while others insert and
delete records never repeats or skips one, and deep pages are as fast as the first. Pass back what you got,
with the same <code>orderBy</code>; a cursor that is not ours, edited, of another ordering or of the old
offset format (<code>arrayconnection:N</code>) is refused with <code>INVALID_CURSOR</code>.
<code>hasNextPage</code> and <code>hasPreviousPage</code> are exact both ways (after <code>after</code>,
<code>hasPreviousPage</code> says whether a record lies at or before the cursor's position).
<code>orderBy</code> takes a list of <code>{field: ASC | DESC}</code>; ties are broken by id so pages never
overlap. <code>filter</code> and <code>search</code> narrow the list. For whole lists use a bulk export
(<code>startBulkExport</code>) rather than paging through them.</p>""",
    ),
    (
        "bulk-exports",
        "Bulk exports",
        """<p>To read a whole list, export it rather than paging through it:
<code>startBulkExport(input: {query: "{ contacts(orderBy: [{lastName: ASC}]) { edges { node { id firstName
lastName } } } }"})</code>. The query has one root list selecting <code>edges { node { ... } }</code>, with any
<code>filter</code>, <code>orderBy</code>, <code>search</code> and <code>variables</code> (paging arguments,
literal or variable, are ignored: every row goes in; <code>rowCount</code> is the list's total when the export
began); it is checked at once (a
refusal is an <code>errors</code> entry on <code>query</code> with a code such as <code>invalid</code>,
<code>field_hidden</code> or <code>permission_denied</code>). One export of yours runs at a time
(<code>export_running</code>). Poll <code>bulkExport(id:) { status rowCount errorCode errorMessage url }</code>
(or subscribe to <code>notifications</code>: kind <code>bulk_export_finished</code>) until <code>COMPLETED</code>,
then download <code>url</code>: a signed link, valid until <code>urlExpiresAt</code>, needing no credentials,
serving JSON lines (one <code>node</code> per line, in the query's order, the list as it was when the export
began). Rows and fields are those your role
may export and see: hidden fields are absent. An altered or expired link answers 404.</p>""",
    ),
    (
        "subscriptions",
        "Subscriptions",
        """<p>Over a WebSocket at <code>/graphql/</code> with the <code>graphql-transport-ws</code> protocol:
<code>recordChanged(types:, ids:)</code> (created, updated, deleted), <code>notifications</code> and
<code>presence</code>. Every event is checked against your permissions when it is delivered. A
<code>recordChanged</code> event's <code>fields</code> names the changed fields and its <code>payload</code> holds
their new values, in GraphQL names and shapes (enums by name, related records by global id, money as
<code>{amount, currency}</code>), e.g. <code>{"name": "Globex", "lifecycleStage": "ACTIVE"}</code>; fields your
role hides are absent from both.
Queries and mutations may go over the same socket (<code>subscribe</code> messages of graphql-transport-ws): they
run exactly as over HTTP (your credentials checked again for each, the same roles, cost budget and rate-limit
buckets) and are answered with one <code>next</code> (<code>data</code>, <code>errors</code>, and
<code>extensions.cost</code>) and <code>complete</code>; a request that runs nothing (it does not parse or
validate, a page size or cursor is refused, <code>RATE_LIMITED</code>) is answered with an <code>error</code>
message holding the typed errors. There are no <code>RateLimit-*</code> headers on a socket: read
<code>extensions.cost</code>. While your workspace is suspended until paid, a new subscription is answered with an
<code>error</code> message coded <code>PAYMENT_REQUIRED</code> (<code>PLAN_LIMIT</code> on a plan without live
updates), and open ones end with the same <code>error</code> message when the suspension starts (or the plan
loses live updates); the socket stays
open (read-only workspaces keep their subscriptions: they are reads). Close codes:
<b>4403</b> means access was refused or revoked and is <b>final</b> (with graphql-ws, set
<code>shouldRetry</code> to retry on other codes only); <b>4429</b> means you fell too far behind:
reconnect and reload what you show.</p>""",
    ),
    (
        "webhooks",
        "Webhooks",
        """<p>Owners and admins subscribe HTTPS endpoints to record events
(<code>createWebhookEndpoint(input: {url, eventTypes})</code>, event types from <code>webhookEventTypes</code>:
<code>&lt;RecordType&gt;.created | updated | deleted</code>). The payload's <code>secret</code> is shown once
(<code>rotateWebhookSecret</code> makes a new one). Each event is POSTed as JSON
<code>{"id", "type", "occurredAt", "data": {"recordType", "recordId", "action", "fields", "values"}}</code>
(values in GraphQL names, ids global ids) with the headers <code>X-Crm-Event</code>,
<code>X-Crm-Delivery</code>, <code>X-Crm-Timestamp</code> and
<code>X-Crm-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>.</p>
<p><b>Verify every request</b>: compute HMAC-SHA256 keyed with your secret over
<code>"&lt;t&gt;." + raw body</code> (the bytes received, before parsing JSON), compare it with
<code>v1</code> in constant time, and refuse a <code>t</code> more than 5 minutes from your clock:</p>
<pre><code>"""
        + html.escape(WEBHOOK_VERIFY_EXAMPLE)
        + """</code></pre>
<p>Answer 2xx within 10 seconds. Anything else (or no answer) is retried with exponential backoff (30 s, 1 min,
2 min, … 6 attempts); redirects are not followed. An endpoint failing 15 attempts in a row is switched off and the
workspace's admins are notified (<code>notifications</code>, kind <code>webhook_disabled</code>); switch it on again
with <code>updateWebhookEndpoint(input: {id, enabled: true})</code>. The log:
<code>webhookDeliveries(endpointId:, status:)</code> (status, response code and body, duration, attempts);
<code>redeliverWebhook(input: {id})</code> sends one again. Endpoints must be at public addresses.</p>""",
    ),
    (
        "examples",
        "Examples",
        "<h3>Python</h3><pre><code>"
        + html.escape(PYTHON_EXAMPLE)
        + "</code></pre><h3>JavaScript</h3><pre><code>"
        + html.escape(JS_EXAMPLE)
        + "</code></pre>",
    ),
]


# --- the reference ---------------------------------------------------------------------------------


def _text(description: str | None) -> str:
    return f"<p>{html.escape(description)}</p>" if description else ""


def _type_ref(type_: object) -> str:
    text = str(type_)
    name = text.strip("[]!")
    return html.escape(text).replace(html.escape(name), f'<a href="#{name}">{html.escape(name)}</a>', 1)


def _deprecated(reason: str | None) -> str:
    return f' <span class="deprecated">Deprecated: {html.escape(reason)}</span>' if reason else ""


def _field(name: str, field: GraphQLField | GraphQLInputField) -> str:
    arguments = ""
    args: dict[str, GraphQLArgument] = getattr(field, "args", {})
    if args:
        items = "".join(
            f"<li><code>{html.escape(n)}: {_type_ref(a.type)}</code> {html.escape(a.description or '')}"
            f"{_deprecated(a.deprecation_reason)}</li>"
            for n, a in args.items()
        )
        arguments = f"<ul class='args'>{items}</ul>"
    return (
        f"<dt><code>{html.escape(name)}: {_type_ref(field.type)}</code>{_deprecated(field.deprecation_reason)}</dt>"
        f"<dd>{html.escape(field.description or '')}{arguments}</dd>"
    )


def _kind(named: GraphQLNamedType) -> str:
    for kind, name in (
        (GraphQLObjectType, "type"),
        (GraphQLInputObjectType, "input"),
        (GraphQLEnumType, "enum"),
        (GraphQLInterfaceType, "interface"),
        (GraphQLUnionType, "union"),
        (GraphQLScalarType, "scalar"),
    ):
        if isinstance(named, kind):
            return name
    return "type"  # pragma: no cover


def _type(named: GraphQLNamedType) -> str:
    body = ""
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        body = "<dl>" + "".join(_field(n, f) for n, f in named.fields.items()) + "</dl>"
    elif isinstance(named, GraphQLEnumType):
        body = (
            "<dl>"
            + "".join(
                f"<dt><code>{html.escape(n)}</code>{_deprecated(v.deprecation_reason)}</dt>"
                f"<dd>{html.escape(v.description or '')}</dd>"
                for n, v in named.values.items()
            )
            + "</dl>"
        )
    elif isinstance(named, GraphQLUnionType):
        body = "<p>One of: " + ", ".join(_type_ref(t) for t in named.types) + "</p>"
    return (
        f'<section id="{named.name}"><h3><small>{_kind(named)}</small> {html.escape(named.name)}</h3>'
        f"{_text(named.description)}{body}</section>"
    )


STYLE = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 2rem;color:#1a1b1e}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f7;padding:1rem;overflow:auto}
dt{margin-top:.6rem}dd{margin-left:1.5rem;color:#444}small{color:#868e96;font-weight:normal}
.deprecated{color:#c92a2a;font-size:13px}section{border-top:1px solid #e9ecef;padding-top:.5rem}
nav ul{columns:3}"""


def render(schema: GraphQLSchema, public: GraphQLSchema | None = None) -> str:
    """The whole reference page: guides, the root operations, then every type by name."""
    types = named_types(schema)
    roots = [t for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t is not None]
    guide_links = "".join(f'<li><a href="#guide-{key}">{title}</a></li>' for key, title, _ in GUIDES)
    type_links = "".join(f'<li><a href="#{t.name}">{t.name}</a></li>' for t in types)
    guides = "".join(f'<section id="guide-{key}"><h2>{title}</h2>{body}</section>' for key, title, body in GUIDES)
    public_part = ""
    if public is not None and public.mutation_type is not None and public.query_type is not None:
        fields = {**public.query_type.fields, **public.mutation_type.fields}
        public_part = (
            "<section id='public'><h2>The base domain (sign-up and sign-in)</h2><dl>"
            + "".join(_field(n, f) for n, f in fields.items())
            + "</dl></section>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>CRM API reference</title>"
        f"<style>{STYLE}</style></head><body><h1>CRM GraphQL API reference</h1>"
        "<p>Generated from the schema this server runs. What changed between versions: the "
        "<a href='#changelog'>changelog</a> at the end.</p>"
        f"<nav><h2>Guides</h2><ul>{guide_links}</ul></nav>{guides}"
        "<h2>Operations</h2>" + "".join(_type(t) for t in roots) + public_part + "<h2>Types</h2>"
        f"<nav><ul>{type_links}</ul></nav>"
        + "".join(_type(t) for t in types if t not in roots)
        + f"<section id='changelog'><h2>Changelog</h2><pre>{html.escape(changelog())}</pre></section>"
        + "</body></html>"
    )


def changelog() -> str:
    return CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.exists() else ""


@cache
def reference_html() -> str:
    from .schema import public_schema, tenant_schema  # the schemas are built from the modules

    return render(core_schema(tenant_schema), core_schema(public_schema))


@require_GET
def api_reference(request: HttpRequest) -> HttpResponse:
    """``/docs/api/``: the reference, for whoever may introspect (strangers too unless that is off)."""
    signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
    if not (settings.GRAPHQL_ANONYMOUS_INTROSPECTION or signed_in):
        return HttpResponse("Sign in to read the API reference.", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(reference_html(), content_type="text/html; charset=utf-8")


if __name__ == "__main__":  # pragma: no cover
    import django

    django.setup()
    text = reference_html()
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
