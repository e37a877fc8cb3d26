"""Sales documents as PDF (fpdf2), for the customer: a quote here, an invoice in ``saas.invoicing.pdf``.

``render_document`` lays out any of them (heading, facts, a table of lines, the figures, notes);
``render_quote`` says what a quote shows. Only fpdf2's public API is used (``FPDF``, ``add_font``,
``add_page``, ``set_font``, ``cell``, ``multi_cell``, ``output``).

Fonts: a document whose text is all Latin-1 is set in the core Helvetica (nothing embedded, fast);
any other text (a Chinese company or product name...) and every document of a Chinese workspace is
set in Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package, embedded as a subset of the glyphs
used. That face has one weight (the package carries no bold): there, size alone sets the heading apart
(a synthetic bold through fpdf2's text modes leaks into the text after it).

Labels follow the workspace's locale (``Tenant.locale``): English, or Simplified Chinese for ``zh*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import noto_cjk_sans_otc
from fpdf import FPDF

from .models import Quote
from .pricing import minor_unit

CJK_FAMILY = "NotoSansCJKSC"
_CJK_FACE = 2  # Noto Sans CJK SC in the collection (JP, KR, SC, TC, HK, then the mono faces)

# The label words of a sales document, English first; a missing Chinese word falls back to English.
# fmt: off
_WORDS: dict[str, dict[str, str]] = {
    "en": {"Tax rate": "Tax"},  # the column of the rate is short
    "zh": {
        "Quote": "报价单", "version": "版本", "Invoice": "发票", "To": "客户", "Attn": "联系人",
        "Deal": "商机", "Status": "状态", "Valid until": "有效期至", "Issued": "开票日期", "Due": "到期日",
        "days": "天", "Item": "项目", "Qty": "数量", "Unit price": "单价", "Disc.": "折扣", "Tax": "税额",
        "Tax rate": "税率", "Amount": "金额", "Subtotal": "小计", "Discount": "折扣", "Total": "合计",
        "Paid": "已付", "Balance due": "应付余额",
        # statuses, by value (quotes and invoices)
        "status.draft": "草稿", "status.sent": "已发送", "status.accepted": "已接受", "status.rejected": "已拒绝",
        "status.expired": "已过期", "status.issued": "已开具", "status.partially_paid": "部分付款",
        "status.paid": "已付清", "status.void": "作废",
    },
}
# fmt: on


def words_for(locale: str) -> dict[str, str]:
    """The document words of a workspace locale (``zh-CN`` → Chinese); English for any other."""
    language = (locale or "en").split("-")[0].lower()
    return _WORDS.get(language, _WORDS["en"])


def say(words: dict[str, str], english: str) -> str:
    """``english`` in the document's language."""
    return words.get(english, english)


def say_status(words: dict[str, str], value: str, display: str) -> str:
    """A status (``value``, English ``display``) in the document's language."""
    return words.get(f"status.{value}", display)


def _latin1_only(texts: Sequence[str]) -> bool:
    try:
        "".join(texts).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _money(amount: Decimal, currency: str) -> str:
    places = minor_unit(currency)
    return f"{Decimal(amount):,.{places}f} {currency}"


@dataclass(frozen=True)
class DocumentLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    amount: Decimal
    tax_rate: Decimal | None = None  # shown in a column of its own when the document taxes per line


class _Typesetter:
    """Set text in Helvetica, or in the embedded CJK face (one weight: ``bold`` is not drawn)."""

    def __init__(self, pdf: FPDF, cjk: bool) -> None:
        self.pdf, self.cjk = pdf, cjk
        if cjk:
            pdf.add_font(CJK_FAMILY, "", str(noto_cjk_sans_otc.FONT_PATH), collection_font_number=_CJK_FACE)

    def font(self, size: float, bold: bool = False) -> None:
        if not self.cjk:
            self.pdf.set_font("Helvetica", "B" if bold else "", size)
            return
        self.pdf.set_font(CJK_FAMILY, "", size)

    def fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit a cell ``width`` wide (CJK characters are twice as wide)."""
        room, ellipsis = width - 2 * self.pdf.c_margin, "…" if self.cjk else "..."
        if self.pdf.get_string_width(text) <= room:
            return text
        while text and self.pdf.get_string_width(text + ellipsis) > room:
            text = text[:-1]
        return text + ellipsis


def render_document(
    *,
    title: str,
    heading: str,
    facts: Sequence[str],
    currency: str,
    lines: Sequence[DocumentLine],
    figures: Sequence[tuple[str, Decimal | None]],
    notes: str = "",
    taxed_per_line: bool = False,
    words: dict[str, str] | None = None,
) -> bytes:
    """One A4 document: the heading, a line per fact, the lines' table, the figures (the last in bold).

    ``words`` (from ``words_for``) put the table's headings in the document's language; the caller
    passes the rest of the text already in it.
    """
    words = _WORDS["en"] if words is None else words
    headings: tuple[str, ...] = ("Item", "Qty", "Unit price", "Disc.", "Amount")
    widths: tuple[int, ...] = (80, 22, 32, 18, 38)
    if taxed_per_line:
        headings, widths = ("Item", "Qty", "Unit price", "Disc.", "Tax rate", "Amount"), (66, 20, 32, 18, 16, 38)
    headings = tuple(say(words, text) for text in headings)
    texts = [title, heading, *facts, *headings, notes, *(label for label, _ in figures)]
    texts += [line.description for line in lines]
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_page()
    type_ = _Typesetter(pdf, cjk=not _latin1_only(texts))
    type_.font(18, bold=True)
    pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
    type_.font(11)
    for fact in facts:
        pdf.cell(0, 7, fact, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    type_.font(10, bold=True)
    for width, text in zip(widths, headings, strict=True):
        pdf.cell(width, 8, type_.fit(text, width), border="B")
    pdf.ln()
    type_.font(10)
    for line in lines:
        cells = [
            type_.fit(line.description, widths[0]),
            f"{line.quantity.normalize():f}",
            _money(line.unit_price, currency),
            f"{line.discount_percent.normalize():f}%",
        ]
        if taxed_per_line:
            cells.append(f"{(line.tax_rate or Decimal(0)).normalize():f}%")
        cells.append(_money(line.amount, currency))
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, text)
        pdf.ln()
    pdf.ln(4)
    for i, (label, amount) in enumerate(figures):
        type_.font(11, bold=i == len(figures) - 1)
        pdf.cell(152, 7, label, align="R")
        pdf.cell(38, 7, "" if amount is None else _money(amount, currency), align="R", new_x="LMARGIN",
                 new_y="NEXT")  # fmt: skip
    if notes:
        type_.font(11)
        pdf.ln(4)
        pdf.multi_cell(0, 6, notes)
    return bytes(pdf.output())


def render_quote(quote: Quote, locale: str = "en-US") -> bytes:
    """The quote's PDF, in the words of the workspace's ``locale`` (its lines are read in one query)."""
    words = words_for(locale)
    deal = quote.deal
    facts = [quote.title] if quote.title else []
    if deal.company_id and deal.company is not None:
        facts.append(f"{say(words, 'To')}: {deal.company.name}")
    facts.append(f"{say(words, 'Deal')}: {deal.title}")
    facts.append(f"{say(words, 'Status')}: {say_status(words, quote.status, quote.get_status_display())}")
    if quote.valid_until:
        facts.append(f"{say(words, 'Valid until')}: {quote.valid_until.isoformat()}")
    figures: list[tuple[str, Decimal | None]] = [(say(words, "Subtotal"), quote.subtotal)]
    if quote.discount_amount:
        figures.append(
            (f"{say(words, 'Discount')} {Decimal(quote.discount_percent).normalize():f}%", -quote.discount_amount)
        )
    figures.extend((f"{tax['name']} {tax['rate']}%", None) for tax in quote.taxes)
    figures += [(say(words, "Tax"), quote.tax_amount), (say(words, "Total"), quote.total)]
    name = f"{say(words, 'Quote')} Q-{quote.number}"
    return render_document(
        title=name,
        heading=f"{name} ({say(words, 'version')} {quote.version})",
        facts=facts,
        currency=quote.currency,
        lines=[
            DocumentLine(line.description, line.quantity, line.unit_price, line.discount_percent, line.amount)
            for line in quote.lines.order_by("position", "id")
        ],
        figures=figures,
        notes=quote.notes,
        words=words,
    )
