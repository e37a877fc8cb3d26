"""Server processes freeze the whole application before serving (saas/gc_tuning.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def test_a_server_process_freezes_the_url_confs_and_schema_before_its_first_request() -> None:
    code = (
        "import django, gc, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'saas.settings'; django.setup()\n"
        "from saas.gc_tuning import tune_for_serving\n"
        "before = 'graphql_schema.schema' in sys.modules\n"
        "tune_for_serving()\n"
        "import graphql_schema.schema as s\n"
        "frozen = not any(o is s.tenant_schema for o in gc.get_objects())\n"  # frozen objects are in no generation
        "print(before, 'saas.urls_tenant' in sys.modules, 'saas.urls_public' in sys.modules, frozen)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # the schema was not loaded by settings alone; after tuning, both URL confs and the schema were, and frozen
    assert result.stdout.split() == ["False", "True", "True", "True"]
