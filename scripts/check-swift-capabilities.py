"""Checks that every Swift item spec/capabilities.json names is declared in the
uniffi-generated bindings-mobile/swift/Sources/Qrpass/Qrpass.swift: a type or
top-level function (`classify`), `Class.init` (a public initialiser other than
uniffi's handle ones) or `Class.method` (a func inside the class). There is no
Swift compiler here, so this reads the declarations as text; before the table
it checks that made-up names are reported missing, so it cannot pass vacuously.

    python3 scripts/check-swift-capabilities.py
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SWIFT = ROOT / "bindings-mobile" / "swift" / "Sources" / "Qrpass" / "Qrpass.swift"
TABLE = ROOT / "spec" / "capabilities.json"
# Lines at column 0 that end a class's body: the next top-level declaration.
TOP = re.compile(r"^(open class |public struct |public enum |enum |public protocol |extension |public func |fileprivate |private )")


def class_body(lines, name):
    """The lines of `open class name` up to the next top-level declaration, or None."""
    start = next((i for i, l in enumerate(lines) if re.match(rf"open class {re.escape(name)}\b", l)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if TOP.match(lines[i])), len(lines))
    return lines[start:end]


def declared(lines, item):
    parts = item.split(".")
    if len(parts) == 1:
        pat = re.compile(rf"^(open class|public struct|public enum|enum|public protocol|public func) `?{re.escape(item)}`?\b")
        return any(pat.match(l) for l in lines)
    if len(parts) != 2:
        return False
    body = class_body(lines, parts[0])
    if body is None:
        return False
    if parts[1] == "init":
        pat = re.compile(r"^\s*public (convenience )?init\((?!unsafeFromHandle|noHandle)")
    else:
        pat = re.compile(rf"^\s*(open |public )(static )?func `?{re.escape(parts[1])}`?\(")
    return any(pat.match(l) for l in body)


def missing(lines, items):
    return [i for i in items if not declared(lines, i)]


def main():
    lines = SWIFT.read_text(encoding="utf-8").splitlines()
    bogus = ["Verifier.noSuchMethod", "NoSuchClass.verify", "noSuchFunction", "Verifier.verify.extra", "Issuer.verify"]
    if missing(lines, bogus + ["Verifier.verify", "IdCard.parse", "Checkpoint.init", "classify"]) != bogus:
        print("check-swift-capabilities: the self-check failed (made-up names found, or real ones missed)", file=sys.stderr)
        return 1
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    rows = [c for c in table["capabilities"] if isinstance(c["swift"], list)]
    gaps = [f"{c['id']}: {m}" for c in rows for m in missing(lines, c["swift"])]
    for g in gaps:
        print(f"not declared in {SWIFT.relative_to(ROOT)}: {g}", file=sys.stderr)
    print(f"{sum(len(c['swift']) for c in rows)} Swift items of spec/capabilities.json checked, {len(gaps)} missing")
    return 1 if gaps or len(rows) < 15 else 0


if __name__ == "__main__":
    sys.exit(main())
