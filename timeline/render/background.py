"""Drawing charts in a child process, so that importing matplotlib overlaps spaCy's work.

``timeline extract --png`` spends ~2.5 s importing spaCy, loading the model and parsing, then
~1.2 s importing matplotlib and drawing. :func:`chart_renderer` forks a child at once, before
spaCy is imported; the child imports matplotlib on the other core while the parent parses,
then draws each chart the parent sends it (the pickled :class:`~timeline.timeline.Timeline`)
with :func:`timeline.render.chart.chart_bytes` and sends back the bytes, or the exception.
The parent writes the file as before, so the output, the error messages and the exit codes
are those of drawing in-process.

The child ignores Ctrl-C (the parent handles it and stops the child), unwinds on SIGTERM, and
exits when the parent closes the pipe or dies. When a child cannot be started (no ``fork``,
other threads running, matplotlib or numpy already imported: then there is nothing to win),
or dies, the chart is drawn in-process.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from timeline.timeline import Timeline

ChartBytes = Callable[..., bytes]


def draw_in_process(timeline: Timeline, fmt: str, **options: Any) -> bytes:
    """:func:`timeline.render.chart.chart_bytes`, imported on first use."""
    from timeline.render.chart import chart_bytes

    return chart_bytes(timeline, fmt, **options)


class ChartProcess:
    """A forked child that imports matplotlib at once and then draws charts on request."""

    def __init__(self, formats: Sequence[str] = ()) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(child_end, self._conn, tuple(formats)),
            name="timeline-charts",
            daemon=True,
        )
        # Ctrl-C waits until the child has set its own handlers (a pending one is raised
        # here when the mask is restored; the child is then stopped at once)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            try:
                self._process.start()
            finally:
                child_end.close()
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        except BaseException:
            self.close()
            raise

    def chart_bytes(self, timeline: Timeline, fmt: str, **options: Any) -> bytes:
        """The chart, drawn by the child (in-process if the child is gone)."""
        try:
            request = pickle.dumps((timeline, fmt, options), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return draw_in_process(timeline, fmt, **options)
        try:
            self._conn.send_bytes(request)
            ok, value = self._conn.recv()
        except (EOFError, OSError):  # the child died
            self.close()
            return draw_in_process(timeline, fmt, **options)
        if ok:
            return value
        if value is None:  # an exception that could not be sent: raise it here
            return draw_in_process(timeline, fmt, **options)
        raise value

    def close(self) -> None:
        """Stop the child and reap it."""
        self._conn.close()  # an idle child sees the end of its input and exits
        if self._process.pid is None:  # not started
            return
        if self._process.is_alive():
            self._process.terminate()  # a busy one gets SIGTERM
            self._process.join(5)
            if self._process.is_alive():  # pragma: no cover - a child stuck in C code
                self._process.kill()
        self._process.join()


@contextlib.contextmanager
def chart_renderer(formats: Sequence[str] = ()) -> Iterator[ChartBytes]:
    """A ``chart_bytes(timeline, fmt, **options)`` function for the duration of the block.

    When charts will be drawn (``formats``: those to be saved) and a child can help, it draws
    in a child process started now; otherwise in-process. The child is stopped and reaped
    when the block ends, however it ends."""
    process = None
    if formats and _can_fork():
        with contextlib.suppress(OSError, ValueError):
            process = ChartProcess(formats)
    if process is None:
        yield draw_in_process
        return
    try:
        yield process.chart_bytes
    finally:
        process.close()


def _can_fork() -> bool:
    """A child helps (and forking is safe) in a fresh single-threaded process only."""
    import multiprocessing

    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "matplotlib" not in sys.modules
        and "numpy" not in sys.modules
    )


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _unwind(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # run the finally blocks (matplotlib's font-cache lock)


def _serve(conn: Connection, parent_end: Connection, formats: tuple[str, ...]) -> None:
    """The child: import what drawing needs, then answer requests until the pipe closes.

    It never prints: whatever goes wrong ends it quietly, and the parent, seeing the pipe
    close, draws in-process (and reports any error there, as usual)."""
    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    signal.signal(signal.SIGTERM, _unwind)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    try:
        gc.disable()  # importing makes no garbage: do not walk the new modules over and over
        from timeline.render.chart import chart_bytes, preload

        preload(formats)
        gc.freeze()
        gc.enable()
        while True:
            try:
                timeline, fmt, options = pickle.loads(conn.recv_bytes())
            except EOFError:
                return
            try:
                answer = (True, chart_bytes(timeline, fmt, **options))
            except Exception as exc:
                answer = (False, _sendable(exc))
            conn.send(answer)
    except BaseException:  # stopped, the parent is gone, or a bug: see above
        return


def _sendable(exc: Exception) -> Exception | None:
    """``exc`` with the child's traceback as a note (shown with TIMELINE_DEBUG=1), or None
    if it does not survive pickling."""
    exc.add_note("raised in the chart process:\n" + "".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return None
    return exc
