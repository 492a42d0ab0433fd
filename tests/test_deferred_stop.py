"""A stop signal that comes while a store write and its count are under way waits for
both (`processes.deferred_stop`), then stops the run as before."""

from __future__ import annotations

import os
import signal

import pytest

from truceline.processes import deferred_stop


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_inside_the_block_waits_for_its_end(signum: int) -> None:
    done: list[str] = []

    def write_and_count() -> None:
        with deferred_stop():
            os.kill(os.getpid(), signum)  # delivered now, held until the block ends
            done.append("stored")
            done.append("counted")

    with pytest.raises(KeyboardInterrupt):
        write_and_count()
    assert done == ["stored", "counted"]


def test_without_a_stop_the_block_ends_quietly_and_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with deferred_stop():
        pass
    assert signal.getsignal(signal.SIGTERM) == before
