"""Work run beside the build (artikel_meta/beside.py): in a forked process when that is safe,
else on a thread; either way its result, or its error, comes back to the build."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from artikel_meta import beside
from artikel_meta.beside import Beside


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even where earlier tests left threads running (a browser's): the work forked for
    here takes no lock."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform cannot fork")
    monkeypatch.setattr(beside, "can_fork", lambda: True)


def squares(count: int) -> list[int]:
    return [number * number for number in range(count)]


@pytest.fixture
def another_thread():
    """A thread running meanwhile, as a live-reload server's would."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_the_work_runs_in_another_process_and_its_result_comes_back(forking):
    # Big enough not to fit into the pipe at once: the parent reads while the child writes.
    work = Beside(lambda: (os.getpid(), squares(200_000)), "squares")
    assert isinstance(work.worker, multiprocessing.process.BaseProcess)
    worker_pid, result = work.result()
    assert worker_pid != os.getpid()
    assert result == squares(200_000)


def test_with_another_thread_running_the_work_runs_on_a_thread(another_thread):
    work = Beside(lambda: (os.getpid(), squares(1000)), "squares")
    assert isinstance(work.worker, threading.Thread)
    assert work.result() == (os.getpid(), squares(1000))


def failing() -> None:
    raise MemoryError("no room for the similarity products")


def test_an_error_in_the_process_is_raised_by_result(forking):
    with pytest.raises(MemoryError, match="similarity products"):
        Beside(failing, "related articles").result()


def test_an_error_on_the_thread_is_raised_by_result(another_thread):
    with pytest.raises(MemoryError, match="similarity products"):
        Beside(failing, "related articles").result()


def test_a_process_that_dies_is_reported_with_its_name_and_exit_code(forking):
    with pytest.raises(RuntimeError, match=r"related articles died \(exit code 3\)"):
        Beside(lambda: os._exit(3), "related articles").result()


def test_a_result_that_cannot_be_sent_back_is_an_error(forking):
    with pytest.raises(RuntimeError, match="could not be sent back"):
        Beside(lambda: threading.Lock(), "locks").result()


def test_a_build_that_holds_much_memory_runs_the_work_on_a_thread(monkeypatch: pytest.MonkeyPatch):
    """A child would end up with its own copy of much of it."""
    assert 0 < beside.resident_bytes() <= beside.MAX_FORK_RESIDENT
    monkeypatch.setattr(beside, "MAX_FORK_RESIDENT", beside.resident_bytes() // 2)
    work = Beside(lambda: squares(10), "squares")
    assert isinstance(work.worker, threading.Thread)
    assert work.result() == squares(10)
