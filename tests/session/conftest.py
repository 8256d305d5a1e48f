from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_thread_left_running(qapp):
    """Fail any test that leaves a background QThread running (it would abort the process)."""
    yield
    from mnist_gui.session.tasks import Task

    running = Task.running()
    if running:
        Task.stop_all(10000)
        pytest.fail(f"test left background threads running: {[t.name for t in running]}")
