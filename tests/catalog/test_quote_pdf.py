"""The quote PDF: Chinese company and product names print as themselves, in the workspace's words."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from tenants.models import Tenant
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import create_deal, create_quote, price_book, prices, product

pytestmark = pytest.mark.django_db


def _pdf(ws: Workspace, url: str) -> tuple[str, set[str]]:
    """The PDF's text (without the spaces a text extractor puts between glyphs) and its fonts' names.

    An embedded font is named by its subset (``ABCDEF+Name``), so the name says it travels with the file.
    """
    response = ws.api.http.get(url, HTTP_AUTHORIZATION=f"Bearer {ws.token}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    resources: Any = page["/Resources"]
    fonts = {str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()}
    return "".join(ch for ch in page.extract_text() if ch.isprintable() and not ch.isspace()), fonts


def test_a_chinese_quote_prints_its_chinese_text_in_chinese_words(workspace_a: Workspace) -> None:
    Tenant.objects.filter(pk=workspace_a.tenant.pk).update(locale="zh-CN")
    company = create_company(workspace_a, name="上海星辰贸易有限公司")
    amount = {"amount": "1", "currency": "CNY"}
    deal = create_deal(workspace_a, title="年度订阅", companyId=company["id"], amount=amount)
    seat = product(workspace_a, "SEAT", "企业版席位")
    prices(workspace_a, price_book(workspace_a, "标准价", "CNY"), seat, [("0", "880")])
    quote = create_quote(workspace_a, deal["id"], [{"productId": seat, "quantity": "3"}], notes="含三年技术支持")

    text, fonts = _pdf(workspace_a, quote["pdfUrl"])
    for words in ("报价单Q-1(版本1)", "客户:上海星辰贸易有限公司", "商机:年度订阅", "状态:草稿", "企业版席位"):
        assert words in text, words
    assert "含三年技术支持" in text and "合计" in text and "2,640.00CNY" in text and "?" not in text
    assert [name.split("+")[1] for name in fonts] == ["NotoSansCJKSC"]  # embedded, not left to the reader's fonts


def test_a_latin_quote_keeps_the_core_font_and_english_words(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")
    deal = create_deal(workspace_a, title="Seats", companyId=company["id"], amount={"amount": "1", "currency": "USD"})
    seat = product(workspace_a, "SEAT", "Seat licence")
    prices(workspace_a, price_book(workspace_a, "Standard USD", "USD"), seat, [("0", "100")])
    quote = create_quote(workspace_a, deal["id"], [{"productId": seat, "quantity": "2"}])

    text, fonts = _pdf(workspace_a, quote["pdfUrl"])
    for words in ("QuoteQ-1(version1)", "To:Globex", "Status:Draft", "Seatlicence", "Total", "200.00USD"):
        assert words in text, words
    assert fonts == {"/Helvetica", "/Helvetica-Bold"}


def test_a_chinese_name_in_an_english_workspace_still_prints(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="北京客户")
    deal = create_deal(workspace_a, title="Pilot", companyId=company["id"], amount={"amount": "1", "currency": "USD"})
    seat = product(workspace_a, "SEAT", "Seat licence")
    prices(workspace_a, price_book(workspace_a, "Standard USD", "USD"), seat, [("0", "100")])
    quote = create_quote(workspace_a, deal["id"], [{"productId": seat, "quantity": "1"}])

    text, fonts = _pdf(workspace_a, quote["pdfUrl"])
    assert "To:北京客户" in text and "Total" in text and "?" not in text
    assert [name.split("+")[1] for name in fonts] == ["NotoSansCJKSC"]
