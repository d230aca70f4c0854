"""The dashboard: the report for a chosen date and the JSON API, errors as one line."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the dashboard needs: pip install 'accord[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from accord import bundled_scenario_path  # noqa: E402
from accord.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(bundled_scenario_path()))


def test_dashboard_page_has_the_report_and_a_date_picker(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="positions"' in page.text and "<select" in page.text
    sept = client.get("/", params={"as_of": "2025-09-09"})
    assert sept.status_code == 200 and "as of 2025-09-09" in sept.text
    assert 'value="2025-09-09" selected' in sept.text


def test_scenario_as_of_a_date(client: TestClient) -> None:
    jan = client.get("/api/scenario", params={"as_of": "2025-01-31"}).json()
    sep = client.get("/api/scenario", params={"as_of": "2025-09-30"}).json()

    def russia_territory(d: dict) -> float:
        return next(p["position"] for p in d["positions"]
                    if (p["actor"], p["issue"]) == ("russia", "territory"))

    assert russia_territory(jan) > russia_territory(sep)
    assert "2025-09-09" in client.get("/api/dates").json()["dates"]


def test_results_api_matches_the_forecast_api(client: TestClient) -> None:
    from accord import bundled_scenario
    from accord.analysis.spatial import forecast

    got = client.get("/api/results/obstacles", params={"as_of": "2025-09-30"})
    assert got.status_code == 200
    top = [i["issue"] for i in got.json()["issues"][:2]]
    assert set(top) == {"territory", "security_guarantees"}
    fc = client.get("/api/results/forecast").json()["forecast"]
    want = forecast(bundled_scenario(), model="all").to_dict()
    assert fc["issues"] == want["issues"]


def test_bad_requests(client: TestClient) -> None:
    assert client.get("/api/results/nothing").status_code == 404
    assert client.get("/api/scenario", params={"as_of": "September"}).status_code == 422
