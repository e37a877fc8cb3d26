"""The web client's GraphQL operations, read from its ``operations.ts`` files when asked (never copied).

Benchmarks and tests run what users' browsers send: an operation's text with every fragment it uses,
as graphql-codegen's client preset does (fragments are global across the client's documents).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graphql import FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode, parse, print_ast, visit
from graphql.language import Visitor

FRONTEND = Path(__file__).resolve().parent.parent / "frontend" / "src"
_DOCUMENT = re.compile(r"graphql\(\s*`(.*?)`\s*\)", re.DOTALL)


@cache
def _definitions() -> tuple[dict[str, OperationDefinitionNode], dict[str, FragmentDefinitionNode]]:
    operations: dict[str, OperationDefinitionNode] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    # the modules' documents and the web kit's shared fragments (UserErrorParts, NextPageParts)
    sources = sorted(FRONTEND.glob("modules/*/operations.ts"))
    if not sources:
        raise FileNotFoundError(f"no operations.ts under {FRONTEND}")
    for source in [*sources, FRONTEND / "components" / "operations.ts"]:
        for text in _DOCUMENT.findall(source.read_text(encoding="utf-8")):
            for definition in parse(text).definitions:
                if isinstance(definition, OperationDefinitionNode) and definition.name is not None:
                    operations[definition.name.value] = definition
                elif isinstance(definition, FragmentDefinitionNode):
                    fragments[definition.name.value] = definition
    return operations, fragments


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.append(node.name.value)


def operation(name: str) -> str:
    """The text of the client's operation ``name`` (e.g. ``CustomerContacts``) with the fragments it uses."""
    operations, fragments = _definitions()
    if name not in operations:
        raise KeyError(f"the web client has no operation {name!r} (known: {', '.join(sorted(operations))})")
    needed: list[str] = []
    pending: list[object] = [operations[name]]
    while pending:
        spreads = _Spreads()
        visit(pending.pop(), spreads)  # type: ignore[arg-type]
        for fragment in spreads.names:
            if fragment not in needed:
                needed.append(fragment)
                pending.append(fragments[fragment])
    return "\n".join(print_ast(node) for node in [operations[name], *(fragments[f] for f in sorted(needed))])
