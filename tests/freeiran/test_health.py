"""Load balancers get an honest health answer; visitors get a 503 page during outages."""

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def unreachable():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


def test_a_database_outage_is_a_friendly_503(monkeypatch):
    from posts.views import HomeView

    def outage(self):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(HomeView, "get_queryset", outage)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The site is busy" in response.text
    assert "administrator command" not in response.text
