"""Every Python item that spec/capabilities.json names exists on the module:
a name (``inspect``) or ``Class.method`` (``Verifier.verify``)."""

import qrpass
from conftest import REPO, read_json

TABLE = read_json(REPO / "spec" / "capabilities.json")


def missing(module, items):
    out = []
    for item in items:
        obj = module
        for part in item.split("."):
            if not hasattr(obj, part):
                out.append(item)
                break
            obj = getattr(obj, part)
    return out


def test_every_named_item_exists():
    named = [(c["id"], c["python"]) for c in TABLE["capabilities"] if isinstance(c["python"], list)]
    assert len(named) > 20
    gaps = [(cid, m) for cid, items in named for m in missing(qrpass, items)]
    assert gaps == []


def test_a_bogus_name_is_missing():
    assert missing(qrpass, ["Verifier.verify", "Verifier.no_such_method", "no_such_function"]) == [
        "Verifier.no_such_method",
        "no_such_function",
    ]


def test_absent_cells_say_why():
    for c in TABLE["capabilities"]:
        if isinstance(c["python"], dict):
            assert c["python"]["absent"].strip(), c["id"]
