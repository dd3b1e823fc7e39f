"""Records leave the kernel as JSON data and come back unchanged, inf and NaN included."""

from __future__ import annotations

import json
import math

import pytest

from eqcheck.record import MIME_TYPE, CheckRecord, bundle


def test_round_trip_through_json_keeps_infinite_and_missing_errors():
    for err in (0.0, 3.1e-10, math.inf, math.nan):
        record = CheckRecord("eq-x", "check", "symbolic", r"a = b", err, 0.0, False, "d", "m", 4)
        data = json.loads(json.dumps(bundle(record)[MIME_TYPE]))
        back = CheckRecord.from_json(data)
        assert back.label == "eq-x" and back.size == 4 and back.message == "m"
        assert (math.isnan(back.err) and math.isnan(err)) or back.err == err


def test_an_incomplete_or_unknown_record_is_refused():
    with pytest.raises(ValueError, match="lacks"):
        CheckRecord.from_json({"label": "eq-x"})
    record = CheckRecord("eq-x", "check", "engine", "a = b", 0.0, 0.0, True).to_json()
    with pytest.raises(ValueError, match="unknown role"):
        CheckRecord.from_json({**record, "role": "guess"})


def test_the_plain_text_says_what_happened():
    record = CheckRecord("eq-x", "erratum", "central differences", "a = b", 0.5, 0.1, True)
    assert bundle(record)["text/plain"] == "erratum eq-x (central differences): passed"
