"""In CI (IHK_REQUIRE_SERVICES=1) the suite runs on PostgreSQL and Redis; these fail when either is missing."""

import pytest

pytestmark = pytest.mark.services


def test_the_suite_runs_on_postgresql(postgres):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_redis_answers(redis_broker_url):
    import redis

    assert redis.Redis.from_url(redis_broker_url, socket_timeout=2).ping()
