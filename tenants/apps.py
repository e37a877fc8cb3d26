from typing import Any

from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tenants and accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .uuids import register

        register()  # after Django's PostgreSQL backend registered its own

        user_logged_in.connect(_remember_session, dispatch_uid="tenants-remember-session")
        user_logged_out.connect(_forget_session, dispatch_uid="tenants-forget-session")


def _remember_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import remember_session

    if request is not None and hasattr(request, "session"):
        remember_session(request, user)


def _forget_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import forget_session

    if request is not None:
        forget_session(request)
