"""The account emails of the public site (password reset, your workspaces), in each interface language."""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from .languages import interface_language


def email_language(language: str | None) -> str:
    """One of ``languages.LANGUAGES``: the interface language the client sent, English otherwise."""
    return interface_language(language)


def send_password_reset(*, to: str, workspace: str, link: str, language: str) -> None:
    minutes = max(1, settings.PASSWORD_RESET_TIMEOUT // 60)
    if email_language(language) == "zh-CN":
        subject = f"重置您在 {workspace} 的密码"
        body = (
            f"有人请求重置 {to} 在 {workspace} 的密码。\n\n"
            f"请在 {minutes} 分钟内打开此链接设置新密码（仅可使用一次）：{link}\n\n"
            "重置后，您所有已登录的会话都会退出。如果这不是您本人的操作，请忽略此邮件。"
        )
    else:
        subject = f"Reset your password for {workspace}"
        body = (
            f"Someone asked to reset the password of {to} for {workspace}.\n\n"
            f"Open this link within {minutes} minutes to choose a new one (it works once): {link}\n\n"
            "Every signed-in session of yours ends when you do. If this was not you, ignore this message."
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_workspaces(*, to: str, workspaces: list[tuple[str, str]], language: str) -> None:
    """``workspaces``: (name, url) pairs."""
    lines = "\n".join(f"- {name}: {url}" for name, url in workspaces)
    if email_language(language) == "zh-CN":
        subject = "您的工作区"
        body = f"{to} 是以下工作区的成员：\n\n{lines}\n\n如果这不是您本人的请求，请忽略此邮件。"
    else:
        subject = "Your workspaces"
        body = f"{to} is a member of these workspaces:\n\n{lines}\n\nIf you did not ask for this, ignore this message."
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
