"""The live training plots: the staged full redraw and the loss axis's ticks."""
from __future__ import annotations

import math

import numpy as np
import pytest

from mnist_gui.core.training import Progress
from mnist_gui.core.curves import RunCurves
from mnist_gui.gui.plots import TrainingPlots


def _curves(label: str, *, epochs: int = 2, batches: int = 60, low: float = 0.3) -> RunCurves:
    """A live run part-way through its first epoch (running means, as Keras reports them)."""
    c = RunCurves(label)
    c.epochs_planned, c.live, c.expects_validation = epochs, True, True
    mean_l = mean_a = 0.0
    for b in range(1, batches + 1):
        loss = low + 2.0 * math.exp(-b / 15)
        mean_l += (loss - mean_l) / b
        mean_a += (1 - loss / 2.5 - mean_a) / b
        if b % 3 == 0:
            c.add(Progress("batch", 1, epochs, b, 400, loss=mean_l, accuracy=mean_a))
    return c


@pytest.fixture
def plots(qtbot):
    p = TrainingPlots()
    qtbot.addWidget(p)
    p.resize(900, 380)
    p.show()
    qtbot.waitExposed(p)
    qtbot.waitUntil(lambda: p.full_draw_count >= 1)
    return p


def _buffer(p: TrainingPlots) -> np.ndarray:
    return np.asarray(p.renderer.buffer_rgba()).copy()


def test_a_staged_full_redraw_is_five_short_steps_and_draws_the_same_picture(qtbot, plots):
    before = _buffer(plots)
    full0, steps0 = plots.full_draw_count, plots.stage_count
    shown = plots.renderer
    plots.set_runs(_curves("run 1"), _curves("run 0", epochs=3))

    # the first steps draw into the second buffer: the screen keeps the previous picture
    qtbot.waitUntil(lambda: plots.stage_count >= steps0 + 2)
    assert plots.full_draw_count == full0 and plots.renderer is shown
    assert np.array_equal(_buffer(plots), before)

    qtbot.waitUntil(lambda: plots.full_draw_count == full0 + 1)
    assert plots.stage_count - steps0 == 5  # one turn of the event loop each
    assert plots.renderer is not shown
    staged = _buffer(plots)
    assert not np.array_equal(staged, before)
    plots.draw()  # the same, in one piece
    assert np.array_equal(_buffer(plots), staged)


def test_a_resize_during_a_staged_redraw_abandons_it_and_the_plots_end_up_whole(qtbot, plots):
    steps0 = plots.stage_count
    plots.set_runs(_curves("run 1"))
    qtbot.waitUntil(lambda: plots.stage_count >= steps0 + 1)
    plots.resize(700, 300)
    qtbot.waitUntil(lambda: plots._staging is None and plots._valid)
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # a paint the resize queued
    w, h = plots.get_width_height(physical=True)
    assert np.asarray(plots.renderer.buffer_rgba()).shape[:2] == (h, w)
    staged = _buffer(plots)
    plots.draw()
    assert np.array_equal(_buffer(plots), staged)


def test_new_data_during_a_staged_redraw_is_drawn_when_it_completes(qtbot, plots):
    run = _curves("run 1")
    plots.set_runs(run)
    full0 = plots.full_draw_count
    qtbot.waitUntil(lambda: plots._staging is not None)
    n = len(run.batch_x)
    run.add(Progress("batch", 1, 2, 300, 400, loss=0.4, accuracy=0.9))
    plots.request_redraw(now=True)
    qtbot.waitUntil(lambda: plots.full_draw_count > full0 and plots._staging is None)
    qtbot.waitUntil(lambda: len(plots.lines["loss"]["batch"].get_xdata()) == n + 1)
    staged = _buffer(plots)
    plots.draw()
    assert np.array_equal(_buffer(plots), staged)


def test_the_loss_axis_keeps_one_tick_a_decade_over_long_ranges(plots):
    plots.set_runs(_curves("short"))
    plots.flush()
    lo, hi = plots.ax_loss.get_ylim()
    ticks = [t for t in plots.ax_loss.get_yticks() if lo <= t <= hi]
    assert 0.5 in ticks and 0.2 in ticks  # 1-2-5 over 0.01..3

    plots.set_runs(_curves("long", batches=390, low=1e-4))  # a loss that fell to 0.0001: 0.0001..3
    plots.flush()
    lo, hi = plots.ax_loss.get_ylim()
    assert lo <= 1e-4
    ticks = [t for t in plots.ax_loss.get_yticks() if lo <= t <= hi]
    assert all(math.isclose(math.log10(t), round(math.log10(t))) for t in ticks)
    assert len(ticks) <= 7


def test_the_loss_axis_does_not_jump_when_the_run_is_stopped(plots):
    """Issue 20 #9: after Stop the loss axis jumped (a first-batch loss of 3.3 was cut at 3 while
    the run was live and widened the axis to 10 once it had ended)."""
    run = _curves("stopped", low=1.25)  # the first reports near 3.2
    assert 3.0 < max(run.batch_loss) * 1.1 <= 5.0
    plots.set_runs(run)
    plots.flush()
    live = plots.ax_loss.get_ylim()
    run.live = False  # Stop: the run has ended
    plots.set_runs(run)
    plots.flush()
    assert plots.ax_loss.get_ylim() == live
