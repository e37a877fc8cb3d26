"""The knowledge base: versions, publishing, full-text search, links to tickets, the public help page."""

from __future__ import annotations

from saas.service.models import Article, ArticleVersion
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.graphql_client import GraphQLClient

from .conftest import codes, create_ticket, gid, mutate

ARTICLE = "article { id title slug status version publishedAt versions { version title body } }"


def write(api: GraphQLClient, **fields: object) -> dict[str, object]:
    payload = mutate(api, "createArticle", {"title": "Resetting your password", **fields}, ARTICLE)
    assert payload["errors"] == [], payload["errors"]
    return payload["article"]


def test_every_edit_of_the_text_is_a_new_version_and_the_old_ones_stay(workspace_a: Workspace) -> None:
    api = workspace_a.api
    article = write(api, body="Open the sign-in page.")
    assert article["version"] == 1 and article["status"] == "DRAFT" and article["publishedAt"] is None
    edited = mutate(api, "updateArticle", {"id": article["id"], "body": "Choose “Forgot password”."}, ARTICLE)[
        "article"
    ]
    assert edited["version"] == 2
    assert [(v["version"], v["body"]) for v in edited["versions"]] == [
        (2, "Choose “Forgot password”."),
        (1, "Open the sign-in page."),
    ]
    published = mutate(api, "updateArticle", {"id": article["id"], "status": "PUBLISHED"}, ARTICLE)["article"]
    assert published["version"] == 2 and published["publishedAt"] is not None  # publishing is no new text
    refused = mutate(api, "updateArticle", {"id": article["id"], "title": " "}, ARTICLE)
    assert codes(refused) == [("title", "required")]
    workspace_a.activate()
    assert ArticleVersion.objects.count() == 2
    # The same title again gets its own address.
    assert write(api)["slug"] == f"{article['slug']}-2"


def test_an_earlier_version_comes_back_as_a_new_version(workspace_a: Workspace, workspace_b: Workspace) -> None:
    api = workspace_a.api
    article = write(api, body="Open the sign-in page.")
    mutate(api, "updateArticle", {"id": article["id"], "title": "Password help", "body": "Call us."}, ARTICLE)
    restored = mutate(api, "restoreArticleVersion", {"articleId": article["id"], "version": 1}, ARTICLE)
    assert restored["errors"] == []
    assert restored["article"]["title"] == "Resetting your password"
    assert restored["article"]["version"] == 3
    assert [(v["version"], v["body"]) for v in restored["article"]["versions"]] == [
        (3, "Open the sign-in page."),
        (2, "Call us."),
        (1, "Open the sign-in page."),
    ]
    missing = mutate(api, "restoreArticleVersion", {"articleId": article["id"], "version": 9}, ARTICLE)
    assert codes(missing) == [("version", "not_found")]
    # Another workspace cannot bring anything back (the article does not exist there).
    foreign = mutate(workspace_b.api, "restoreArticleVersion", {"articleId": article["id"], "version": 2}, ARTICLE)
    assert codes(foreign) == [("articleId", "not_found")]
    workspace_a.activate()
    assert Article.objects.get().version == 3


def test_search_finds_words_of_title_category_and_text_by_their_start(workspace_a: Workspace) -> None:
    api = workspace_a.api
    write(api, title="Resetting your password", body="Use the e-mail link", category="access")
    write(api, title="How VAT shows on invoices", body="Each line shows its rate", category="billing")
    write(api, title="Shipping times", body="Orders leave within two days", category="orders")

    def found(term: str) -> list[str]:
        data = api.data("query($s: String) { articles(search: $s) { edges { node { title } } } }", {"s": term})
        return sorted(e["node"]["title"] for e in data["articles"]["edges"])

    assert found("passw") == ["Resetting your password"]
    assert found("invoice rate") == ["How VAT shows on invoices"]
    assert found("billing") == ["How VAT shows on invoices"]
    assert found("orders two") == ["Shipping times"]
    assert found("nothing-like-this") == []


def test_the_public_help_page_shows_published_articles_only_and_needs_no_sign_in(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    api = workspace_a.api
    public = write(api, title="Opening hours", body="We answer from nine to six", status="PUBLISHED")
    draft = write(api, title="Opening hours (draft)", body="Secret new hours")
    write(workspace_b.api, title="Bravo's own article", status="PUBLISHED")
    stranger = GraphQLClient(api.host)  # no token
    listed = stranger.data("{ helpCenterArticles { title slug body } }")["helpCenterArticles"]
    assert [a["title"] for a in listed] == ["Opening hours"]
    searched = stranger.data('{ helpCenterArticles(search: "nine") { title } }')["helpCenterArticles"]
    assert [a["title"] for a in searched] == ["Opening hours"]
    assert stranger.data('{ helpCenterArticles(search: "secret") { title } }')["helpCenterArticles"] == []
    one = stranger.data("query($s: String!) { helpCenterArticle(slug: $s) { title body } }", {"s": public["slug"]})
    assert one["helpCenterArticle"] == {"title": "Opening hours", "body": "We answer from nine to six"}
    hidden = stranger.data("query($s: String!) { helpCenterArticle(slug: $s) { title } }", {"s": draft["slug"]})
    assert hidden["helpCenterArticle"] is None
    # Another workspace's host knows nothing of alpha's articles.
    bravo = GraphQLClient(workspace_b.api.host)
    assert [a["title"] for a in bravo.data("{ helpCenterArticles { title } }")["helpCenterArticles"]] == [
        "Bravo's own article"
    ]
    assert (
        bravo.data("query($s: String!) { helpCenterArticle(slug: $s) { title } }", {"s": public["slug"]})[
            "helpCenterArticle"
        ]
        is None
    )


def test_articles_link_to_tickets(workspace_a: Workspace) -> None:
    api = workspace_a.api
    article = write(api, status="PUBLISHED")
    ticket = create_ticket(api)
    linked = mutate(api, "linkArticle", {"articleId": article["id"], "ticketId": ticket["id"]}, "article { id }")
    assert linked["errors"] == []
    node = api.data("query($id: ID!) { node(id: $id) { ... on Ticket { articles { title } } } }", {"id": ticket["id"]})
    assert node["node"]["articles"] == [{"title": "Resetting your password"}]
    mutate(
        api, "linkArticle", {"articleId": article["id"], "ticketId": ticket["id"], "linked": False}, "article { id }"
    )
    node = api.data("query($id: ID!) { node(id: $id) { ... on Ticket { articles { title } } } }", {"id": ticket["id"]})
    assert node["node"]["articles"] == []


def test_drafts_are_their_authors_while_published_articles_are_everyones(
    workspace_a: Workspace, add_person: AddPerson
) -> None:
    seller, other = add_person(workspace_a, Role.SALES), add_person(workspace_a, Role.SALES)
    mine = write(seller.api, title="My draft")
    write(seller.api, title="Shared knowledge", status="PUBLISHED")
    seen = other.api.data("{ articles { edges { node { title } } } }")["articles"]["edges"]
    assert [e["node"]["title"] for e in seen] == ["Shared knowledge"]
    refused = mutate(other.api, "updateArticle", {"id": mine["id"], "title": "Mine now"}, "article { id }")
    assert codes(refused) == [("id", "not_found")]
    workspace_a.activate()
    assert not Article.objects.filter(title="Mine now").exists()


def test_an_article_lists_its_tickets_as_far_as_the_reader_may_see_them(
    workspace_a: Workspace, add_person: AddPerson
) -> None:
    api = workspace_a.api
    seller = add_person(workspace_a, Role.SALES)
    article = write(api, status="PUBLISHED")
    queue = create_ticket(api, subject="Anyone may take this")
    held = create_ticket(api, subject="The owner's own", assigneeId=gid("User", workspace_a.owner.pk))
    for ticket in (queue, held):
        linked = mutate(api, "linkArticle", {"articleId": article["id"], "ticketId": ticket["id"]}, "article { id }")
        assert linked["errors"] == []
    query = "query($id: ID!) { node(id: $id) { ... on Article { tickets { subject } } } }"
    seen = api.data(query, {"id": article["id"]})["node"]["tickets"]
    assert sorted(t["subject"] for t in seen) == ["Anyone may take this", "The owner's own"]
    theirs = seller.api.data(query, {"id": article["id"]})["node"]["tickets"]
    assert [t["subject"] for t in theirs] == ["Anyone may take this"]
