"""A broker that cannot be reached is left alone for a while: mails wait for the scan, requests do not."""

import pytest

from ihk_office import outbox


@pytest.fixture
def broker(monkeypatch):
    calls = []
    state = {"up": False, "now": 1000.0}

    def delay(pk):
        calls.append(pk)
        if not state["up"]:
            raise ConnectionError("Timeout reading from socket")

    from ihk_office.tasks import deliver_mail

    monkeypatch.setattr(deliver_mail, "delay", delay)
    monkeypatch.setattr(outbox, "clock", lambda: state["now"])
    monkeypatch.setattr(outbox._Broker, "failed_at", None)
    state["calls"] = calls
    return state


def test_after_one_failed_hand_off_the_next_mails_do_not_try_the_broker_until_the_pause_is_over(broker, settings):
    settings.OUTBOX_BROKER_RETRY_SECONDS = 10
    outbox.hand_off(1)
    outbox.hand_off(2)
    outbox.hand_off(3)
    assert broker["calls"] == [1]  # one attempt (one timeout); the others wait for the scan at once

    broker["now"] += 11
    broker["up"] = True
    outbox.hand_off(4)
    outbox.hand_off(5)
    assert broker["calls"] == [1, 4, 5]  # tried again after the pause, and it answers
