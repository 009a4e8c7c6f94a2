"""Verifier.verify_arrow: Arrow string columns in (pyarrow, pandas, Polars), a
pyarrow.RecordBatch of typed result columns out, and its error paths."""

from datetime import datetime, timezone

import pytest

import qrpass
from conftest import AT, IAT, example

pa = pytest.importorskip("pyarrow", reason="pyarrow is in bindings-python/requirements-dev.txt")

COLUMNS = ["outcome", "code", "kind", "issuer", "kid", "iat", "exp", "cti",
           "valid_from", "valid_until", "purpose", "checkpoint", "origin", "destination"]
UTC = pa.timestamp("s", tz="UTC")


@pytest.fixture(scope="module")
def tokens(issuer):
    """A permit, a declaration, a tampered permit, an infection status, a support entitlement."""
    permit = issuer.issue(example("permit"), iat=IAT, cti=b"\x01" * 8)
    declaration = issuer.issue(example("declaration"), iat="2021-09-10T07:45:00+07:00",
                               cti=b"\x02" * 8)
    c = permit[-30]
    tampered = permit[:-30] + ("1" if c == "0" else "0") + permit[-29:]
    status = issuer.issue(example("infection_status"), iat=IAT, cti=b"\x03" * 8)
    support = example("support_entitlement")
    support["validity"]["from"] = "2021-09-01T00:00:00+07:00"  # so that AT is inside
    support = issuer.issue(support, iat=IAT, cti=b"\x04" * 8)
    return [permit, declaration, tampered, status, support]


def test_schema_and_rows_match_verify_columns(verifier, tokens, key):
    batch = verifier.verify_arrow(pa.array(tokens), at=AT)
    assert isinstance(batch, pa.RecordBatch)
    assert batch.schema.names == COLUMNS
    assert batch.num_rows == len(tokens)
    for name in ["iat", "exp", "valid_from", "valid_until"]:
        assert batch.schema.field(name).type == UTC
    assert not batch.schema.field("outcome").nullable

    want = verifier.verify_columns(tokens, at=AT)
    got = batch.to_pydict()
    for name in ["outcome", "code", "kind", "issuer", "cti"]:
        assert got[name] == want[name], name
    for name in ["iat", "exp"]:
        assert [t and int(t.timestamp()) for t in got[name]] == want[name]
    assert got["kid"] == [key.public_key().kid, key.public_key().kid, None] + [key.public_key().kid] * 2
    assert got["code"][2] == "bad_signature"


def test_pass_fields_flattened(verifier, tokens):
    rows = verifier.verify_arrow(pa.array(tokens), at=AT).to_pylist()
    permit, declaration, tampered, status, support = rows
    p = example("permit")
    assert permit["purpose"] == p["purpose"]
    assert permit["origin"] is None and permit["checkpoint"] is None
    d = example("declaration")
    assert (declaration["checkpoint"], declaration["origin"], declaration["destination"]) == (
        d["checkpoint"], d["origin"], d["destination"])
    assert declaration["purpose"] is None
    assert declaration["valid_from"] == datetime(2021, 9, 10, 0, 45, tzinfo=timezone.utc)
    assert declaration["valid_until"] == datetime(2021, 9, 11, 0, 45, tzinfo=timezone.utc)
    for r in (status, support):
        assert r["outcome"] == "valid" and r["valid_from"] is not None
        assert r["purpose"] is r["checkpoint"] is r["origin"] is None
    assert all(v is None for k, v in tampered.items() if k not in ("outcome", "code"))


def test_no_personal_data_in_the_batch(verifier, issuer):
    """Marker strings in every personal field never reach a column."""
    markers = ["MARKERNAME", "MARKERID7", "0999999999", "MARKERORG", "MARKERPLATE", "MARKERNO"]
    permit = example("permit")
    permit["holder"]["name"] = "MARKERNAME"
    permit["holder"]["id"] = {"kind": "passport", "number": "MARKERID7"}
    permit["holder"]["phone"] = "0999999999"
    permit["number"] = "MARKERNO"
    permit["organisation"] = "MARKERORG"
    permit["vehicle_plate"] = "MARKERPLATE"
    token = issuer.issue(permit, iat=IAT)
    batch = verifier.verify_arrow(pa.array([token]), at=AT)
    assert batch.column("outcome")[0].as_py() == "valid"
    text = str(batch.to_pylist())
    for m in markers:
        assert m not in text


def test_inputs_chunked_large_view_pandas(verifier, tokens):
    want = verifier.verify_arrow(pa.array(tokens), at=AT)
    chunked = pa.chunked_array([tokens[:2], tokens[2:3], [], tokens[3:]])
    assert verifier.verify_arrow(chunked, at=AT).equals(want)
    assert verifier.verify_arrow(pa.array(tokens, pa.large_string()), at=AT).equals(want)
    assert verifier.verify_arrow(pa.array(tokens, pa.string_view()), at=AT).equals(want)
    pd = pytest.importorskip("pandas")
    assert verifier.verify_arrow(pd.Series(tokens, dtype="string[pyarrow]"), at=AT).equals(want)
    assert verifier.verify_arrow(pd.Series(tokens), at=AT).equals(want)


def test_polars_series(verifier, tokens):
    pl = pytest.importorskip("polars", reason="polars is in bindings-python/requirements-dev.txt")
    want = verifier.verify_arrow(pa.array(tokens), at=AT)
    assert verifier.verify_arrow(pl.Series("token", tokens), at=AT).equals(want)
    back = pl.from_arrow(verifier.verify_arrow(pl.Series(tokens), at=AT))
    assert back["outcome"].to_list() == want.column("outcome").to_pylist()


def test_a_sliced_array_verifies_its_own_rows(verifier, tokens):
    sliced = pa.array(tokens).slice(1, 2)
    assert verifier.verify_arrow(sliced, at=AT).column("code").to_pylist() == [None, "bad_signature"]


def test_empty_array_gives_an_empty_batch(verifier):
    batch = verifier.verify_arrow(pa.array([], pa.string()), at=AT)
    assert batch.num_rows == 0 and batch.schema.names == COLUMNS


def test_null_rows_are_empty_input(verifier, tokens):
    batch = verifier.verify_arrow(pa.array([None, tokens[0], None]), at=AT)
    assert batch.column("code").to_pylist() == ["empty_input", None, "empty_input"]
    assert batch.column("outcome").to_pylist() == ["invalid", "valid", "invalid"]


def test_garbage_rows_get_core_codes(verifier):
    texts = ["", "VN2:abc", "VN1:abc", "VN1:" + "0" * 100_000]
    codes = verifier.verify_arrow(pa.array(texts), at=AT).column("code").to_pylist()
    assert codes == verifier.verify_columns(texts, at=AT)["code"]
    assert codes[:3] == ["empty_input", "bad_prefix", "bad_base45"]
    assert codes[3] == "input_too_large"


@pytest.mark.parametrize("array", [
    pa.array([1, 2, 3]),
    pa.array([b"VN1:"], pa.binary()),
    pa.array(["VN1:"]).dictionary_encode(),
    pa.chunked_array([pa.array([1.5])]),
    pa.table({"token": ["VN1:"], "office": ["Q1"]}),
    pa.table({"n": [1]}),
])
def test_non_string_arrays_are_invalid_argument(verifier, array):
    with pytest.raises(qrpass.Error) as e:
        verifier.verify_arrow(array, at=AT)
    assert e.value.code == "invalid_argument"
    assert "takes strings" in str(e.value)


@pytest.mark.parametrize("value", [["VN1:"], "VN1:", None, 42])
def test_non_arrow_objects_are_invalid_argument(verifier, value):
    with pytest.raises(qrpass.Error) as e:
        verifier.verify_arrow(value, at=AT)
    assert e.value.code == "invalid_argument"
    assert "__arrow_c_stream__" in str(e.value)


def test_a_failing_or_wrong_export_is_invalid_argument(verifier, tokens):
    class NotACapsule:
        def __arrow_c_stream__(self, requested_schema=None):
            return "not a capsule"

    class WrongCapsule:
        def __arrow_c_array__(self, requested_schema=None):
            schema, array = pa.array(tokens).__arrow_c_array__()
            return array, schema  # swapped: each capsule's name is the other's

    pd = pytest.importorskip("pandas")
    for value in (NotACapsule(), WrongCapsule(), pd.Series(["VN1:", 1], dtype=object)):
        with pytest.raises(qrpass.Error) as e:
            verifier.verify_arrow(value, at=AT)
        assert e.value.code == "invalid_argument"
        assert "Arrow export" in str(e.value)


def test_a_one_column_table_or_batch_stream(verifier, tokens):
    want = verifier.verify_arrow(pa.array(tokens), at=AT)
    table = pa.table({"token": pa.chunked_array([tokens[:1], tokens[1:]])})
    assert verifier.verify_arrow(table, at=AT).equals(want)
    assert verifier.verify_arrow(pa.record_batch({"token": tokens}), at=AT).equals(want)


def test_a_failing_stream_is_invalid_argument(verifier):
    def batches():
        yield pa.record_batch({"token": ["VN1:"]})
        raise RuntimeError("producer broke")

    reader = pa.RecordBatchReader.from_batches(pa.schema({"token": pa.string()}), batches())

    class Column:
        """A producer whose stream fails after its first chunk."""

        def __arrow_c_stream__(self, requested_schema=None):
            return reader.__arrow_c_stream__()

    with pytest.raises(qrpass.Error) as e:
        verifier.verify_arrow(Column(), at=AT)
    assert e.value.code == "invalid_argument"
    assert "producer broke" in str(e.value)


def test_bad_time_is_refused_as_verify_columns_does(verifier, tokens):
    with pytest.raises(qrpass.Error) as want:
        verifier.verify_columns(tokens, at="not a time")
    with pytest.raises(qrpass.Error) as e:
        verifier.verify_arrow(pa.array(tokens), at="not a time")
    assert e.value.code == want.value.code


def test_released_capsule_is_not_reused(verifier, tokens):
    """A consumed capsule cannot be imported twice (the struct was moved out)."""
    capsule = pa.chunked_array([tokens]).__arrow_c_stream__()

    class Once:
        def __arrow_c_stream__(self, requested_schema=None):
            return capsule

    assert verifier.verify_arrow(Once(), at=AT).num_rows == len(tokens)
    with pytest.raises(qrpass.Error) as e:
        verifier.verify_arrow(Once(), at=AT)
    assert e.value.code == "invalid_argument"
