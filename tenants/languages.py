"""The interface languages of pages the server renders itself (emails, the unknown-workspace page)."""

from __future__ import annotations

LANGUAGES = ("en", "zh-CN")


def interface_language(language: str | None) -> str:
    """One of LANGUAGES: Chinese for any ``zh`` tag, English otherwise."""
    return "zh-CN" if (language or "").strip().lower().startswith("zh") else "en"


def accepted_language(header: str | None) -> str:
    """The interface language a browser's ``Accept-Language`` header prefers (by q-value), English by default."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith(("zh", "en")):
            return interface_language(tag)
    return "en"
