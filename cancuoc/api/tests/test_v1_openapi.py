"""The OpenAPI document and its Swagger UI page work offline (no CDN)."""

from __future__ import annotations

from django.contrib.staticfiles import finders


def test_openapi_json_loads(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["version"] == "1.0"
    operation = spec["paths"]["/api/v1/people/by-id/{personal_id}"]["get"]
    assert operation["operationId"] == "people_by_id"
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "429"}
    schemes = spec["components"]["securitySchemes"]
    assert schemes["PartnerKey"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert schemes["OfficerSession"]["in"] == "cookie"


def test_docs_page_uses_local_assets_only(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_swagger_assets_are_shipped_and_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{name}"), name
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
