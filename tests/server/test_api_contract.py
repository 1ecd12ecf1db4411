"""The API against its own OpenAPI document (schemathesis), on real gunicorn on 127.0.0.1.

Requests generated from /api/v1/openapi.json, valid and invalid (wrong types, missing fields,
bodies that are not JSON, unknown methods), with and without the token: no answer is a 5xx,
and every answer has a status the document lists and the body its schema describes. The server
has a token, so the document's bearer security is checked too (a request without one is a 401).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from servers import Distill

pytestmark = [pytest.mark.server, pytest.mark.model]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contract")
    server = Distill({"DISTILL_DATABASE_URL": f"sqlite:///{tmp}/tokens.db", "DISTILL_MAX_BODY_BYTES": "200000"})
    created = server.cli("tokens", "create", "contract")
    assert created.returncode == 0, created.stderr
    server.token = created.stdout.decode().strip().splitlines()[-1]
    yield server
    log = server.stop()
    statuses = [json.loads(x).get("status") for x in log.splitlines() if x.startswith("{") and '"route"' in x]
    assert statuses and not [s for s in statuses if s >= 500]
    assert server.token not in log


@pytest.fixture(scope="module")
def api_schema(live):
    return schemathesis.openapi.from_url(f"{live.base}/api/v1/openapi.json")


OPERATIONS = [("POST", "/api/v1/summarize"), ("GET", "/api/v1/health"), ("GET", "/api/v1/ready"),
              ("GET", "/api/v1/whoami")]
# what can be sent wrong: a body, a header (the probes take neither)
NEGATIVE = [("POST", "/api/v1/summarize"), ("GET", "/api/v1/whoami")]


def test_the_document_lists_every_operation_tested_here(api_schema):
    documented = [op.ok() for op in api_schema.get_all_operations()]
    assert sorted((op.method.upper(), op.path) for op in documented) == sorted(OPERATIONS)


# (schemathesis' own pytest loader, from_fixture, fails on pytest 9: each operation's strategy is
# drawn from here instead, in one hypothesis test per operation and kind of data)
@pytest.mark.parametrize(("method", "path", "mode"),
                         [(*op, GenerationMode.POSITIVE) for op in OPERATIONS]
                         + [(*op, GenerationMode.NEGATIVE) for op in NEGATIVE])
def test_every_answer_keeps_the_contract(api_schema, live, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(mode), with_token=st.booleans())
    @settings(max_examples=EXAMPLES[method], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case, with_token):
        headers = {"Authorization": f"Bearer {live.token}"} if with_token else {}
        # schemathesis counts any 4xx to valid data a rejection; a page with no article to read is
        # a documented 422, so that check is ours (accepted_when_valid)
        response = case.call_and_validate(headers=headers, timeout=60,
                                          excluded_checks=[positive_data_acceptance])
        if mode is GenerationMode.POSITIVE:
            accepted_when_valid(response, with_token)

    check()


EXAMPLES = {"POST": 40, "GET": 10}
# what the pipeline may answer a well-formed request whose page or text holds nothing to read
NOTHING_TO_READ = {"no_article", "empty_page", "not_html", "too_deep"}


def accepted_when_valid(response, with_token: bool) -> None:
    if not with_token:
        assert response.status_code in (200, 401) and (
            response.status_code == 200 or response.json()["error"]["code"] == "unauthorized")
        return
    if response.status_code != 200:
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] in NOTHING_TO_READ
