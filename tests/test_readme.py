"""What a newcomer copies from the README works: its API example runs against a real server.

The shell blocks are read from README.md itself, so the test and the README cannot drift apart.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.live_stack import BASE_DIR, live_stack

README = BASE_DIR / "README.md"
# The README, docs/ and the guides in the packages (one or two levels down; not node_modules).
DOCUMENTS = sorted(
    {README, *BASE_DIR.glob("docs/*.md"), *BASE_DIR.glob("*/README.md"), *BASE_DIR.glob("*/*/README.md")}
    - {*BASE_DIR.glob("*/node_modules/README.md")}
)


def shell_blocks(markdown: str, section: str) -> list[str]:
    """The ```sh blocks of one ``## section`` of a Markdown text, in order."""
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert match, f"README.md has no '## {section}' section"
    return re.findall(r"^```sh\n(.*?)^```", match.group(1), re.S | re.M)


@pytest.mark.live_server_process
@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's example uses curl")
def test_the_readme_api_example_signs_up_and_asks_the_new_workspace() -> None:
    blocks = shell_blocks(README.read_text(), "Try the API")
    assert len(blocks) == 2, "the example is two blocks: sign up (keeping $TOKEN), then ask the workspace"
    assert all("localhost:8000" in block for block in blocks)

    with live_stack() as stack:
        port = urlsplit(stack.host_url()).port
        script = "\n".join(blocks).replace("localhost:8000", f"localhost:{port}")
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script], capture_output=True, text=True, timeout=60
        )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["data"] == {
        "me": {"email": "ann@acme.example", "role": "owner"},
        "currentTenant": {"name": "Acme"},
    }


def test_the_token_capture_fails_loudly_when_signup_is_refused() -> None:
    # The first block's last line reads the answer; a refused signup must not yield a token like "None".
    capture = shell_blocks(README.read_text(), "Try the API")[0].rsplit("|", 1)[1].strip().rstrip(")")
    refused = {"data": {"signUp": {"token": None, "errors": [{"field": "subdomain", "code": "taken"}]}}}
    result = subprocess.run(["bash", "-c", capture], input=json.dumps(refused), capture_output=True, text=True)

    assert result.returncode != 0
    assert result.stdout == ""
    assert "taken" in result.stderr


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_links_between_documents_lead_somewhere(document: Path) -> None:
    text = document.read_text()
    targets = re.findall(r"\]\(([^)#\s]+)[^)]*\)", text) + re.findall(r"`(\.\./[^`]+)`", text)
    local = [target for target in targets if not re.match(r"[a-z]+:", target)]
    missing = [target for target in local if not (document.parent / target).exists()]
    assert not missing, f"{document.name} points to files that do not exist: {missing}"
