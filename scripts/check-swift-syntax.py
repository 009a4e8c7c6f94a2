"""Parses the hand-written Swift of bindings-mobile/swift with tree-sitter-swift
and fails on any syntax error. A syntax check only: there is no Swift compiler
on the development machine, so types are checked only on a Mac (`swift test`).
The uniffi-generated Qrpass.swift is left out: the grammar does not know its
`@_documentation` attributes.

    python scripts/check-swift-syntax.py
"""

import pathlib
import sys

import tree_sitter_swift
from tree_sitter import Language, Parser

ROOT = pathlib.Path(__file__).resolve().parent.parent / "bindings-mobile" / "swift"
GENERATED = {"Qrpass.swift"}


def syntax_errors(path):
    tree = Parser(Language(tree_sitter_swift.language())).parse(path.read_bytes())
    found, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            found.append(f"{path}:{node.start_point.row + 1}:{node.start_point.column + 1}: "
                         f"{'missing ' + node.type if node.is_missing else 'cannot parse'} "
                         f"{node.text[:60].decode(errors='replace')!r}")
        stack.extend(node.children)
    return found


def main():
    files = sorted(p for p in ROOT.rglob("*.swift") if p.name not in GENERATED and ".build" not in p.parts)
    errors = [e for f in files for e in syntax_errors(f)]
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(files)} hand-written Swift files parsed, {len(errors)} syntax errors")
    return 1 if errors or not files else 0


if __name__ == "__main__":
    sys.exit(main())
