"""Run a function beside the build and collect its result later.

In a forked process where forking is safe: the child shares the build's memory as it was at
the fork (nothing is copied over), and its Python code does not wait for the interpreter
lock, which the build holds in its own Python work meanwhile. A thread otherwise: where the
platform cannot fork, or where other threads run (a live-reload server), since a forked child
only gets the thread that forked, and any lock another thread held stays locked in the child.
And a thread for a large build: the child shares the build's memory only until either writes
to it, and the build goes on working with its objects meanwhile, so every page it touches then
exists twice: at 100,000 articles, up to gigabytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

Result = TypeVar("Result")
# Forking doubles at most this much memory (a build of some 50,000 articles; 10,000: 280 MiB).
MAX_FORK_RESIDENT = 1536 * 2**20


def resident_bytes() -> int:
    """This process's resident memory; 0 where /proc does not tell."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and resident_bytes() <= MAX_FORK_RESIDENT
    )


def _outcome(function: Callable[[], object]) -> tuple[bool, object]:
    """(True, what ``function()`` returned) or (False, what it raised)."""
    try:
        return True, function()
    except BaseException as error:
        return False, error


def _send_outcome(function: Callable[[], object], sender: Connection) -> None:
    """In the child: send back the outcome."""
    outcome = _outcome(function)
    try:
        sender.send(outcome)
    except Exception as error:  # an unpicklable result or exception
        sender.send((False, RuntimeError(f"{outcome[1]!r} could not be sent back: {error}")))


class Beside(Generic[Result]):
    """``function()`` started now; ``result()`` waits for it and returns what it returned,
    or raises what it raised."""

    def __init__(self, function: Callable[[], Result], name: str) -> None:
        self.name = name
        self.outcome: tuple[bool, object] | None = None
        if can_fork():
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_send_outcome, args=(function, sender), name=name)
            self.worker: multiprocessing.process.BaseProcess | threading.Thread = process
            # A daemon: a build that fails before asking for the result does not wait for it.
            self.worker.daemon = True
            self.worker.start()
            sender.close()  # the child's end: its closing tells the parent the child is gone
        else:
            self.worker = threading.Thread(
                target=self._keep_outcome, args=(function,), name=name, daemon=True
            )
            self.worker.start()

    def _keep_outcome(self, function: Callable[[], Result]) -> None:
        self.outcome = _outcome(function)

    def result(self) -> Result:
        if isinstance(self.worker, threading.Thread):
            self.worker.join()
        else:
            # Read before joining: a big result fills the pipe. No result: the child died
            # (killed, say, for want of memory).
            with self.receiver, contextlib.suppress(EOFError):
                self.outcome = self.receiver.recv()
            self.worker.join()
            if self.outcome is None:
                error = RuntimeError(f"{self.name} died (exit code {self.worker.exitcode})")
                self.outcome = (False, error)
        assert self.outcome is not None
        succeeded, value = self.outcome
        if not succeeded:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]
