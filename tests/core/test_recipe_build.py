"""The bundled model's build: the plan (writer split, quick runs), member caching, and the one card."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from mnist_gui.core import augment, recipe, recipe_build, store
from tests.synthetic import glyphs


def _samples() -> list[SimpleNamespace]:
    return [SimpleNamespace(writer=f"pendigits-{w}", label=d, strokes=[[(0.2, 0.2), (0.8, 0.8)]])
            for w in range(1, 13) for d in range(3)]


def _data(n: int = 300) -> SimpleNamespace:
    rng = np.random.default_rng(0)
    g = glyphs()
    idx = rng.integers(0, 10, n)
    x = np.stack([g[i] for i in idx])
    return SimpleNamespace(x_train=x, y_train=idx, x_test=g, y_test=np.arange(10), checksum=lambda: "c" * 64)


def _strokes_file(tmp_path: Path) -> Path:
    f = tmp_path / "pen.json"
    f.write_text('{"format": "digit-strokes/1", "samples": []}')
    return f


def test_plan_splits_writers_like_the_recipe_and_limits_quick_runs(tmp_path: Path) -> None:
    samples = _samples()
    plan = recipe_build.Plan(recipe.Recipe(), _data(), samples, _strokes_file(tmp_path))
    train, held = recipe.split_writers([s.writer for s in samples])
    assert (plan.train_writers, plan.held_writers) == (train, held)
    assert {s.writer for s in plan.held_samples} == set(held)
    assert len(plan.train_samples) + len(plan.held_samples) == len(samples)
    quick = recipe_build.Plan(recipe.Recipe(), _data(), samples, _strokes_file(tmp_path), limit=20)
    assert len(quick.mnist[0]) == 20 and len(quick.train_samples) == 2 and len(quick.held_samples) == 2
    assert "held out" in quick.describe()


def test_build_trains_each_member_once_then_reuses_the_cache(tmp_path: Path) -> None:
    rec = replace(recipe.Recipe(), arch="small", epochs=1, batch_size=32, members=(1, 2), pen_variants=1,
                  augment=augment.AugmentConfig(p_geometry=0.0))
    plan = recipe_build.Plan(rec, _data(), _samples(), _strokes_file(tmp_path), cache=tmp_path / "cache",
                             command="mnist-gui train --recipe test")
    rendered: list[int] = []
    said: list[str] = []

    def render(strokes):
        rendered.append(1)
        return glyphs()[0].astype(np.float32) / 255.0

    hooks = recipe_build.Hooks(render=render, say=said.append,
                               measure=lambda model, samples, held: {"mnist_test_accuracy": 0.5, "n": len(samples)})
    model, card = recipe_build.build(plan, hooks)
    assert np.asarray(model.predict(np.zeros((2, 28, 28, 1), np.float32), verbose=0)).shape == (2, 10)
    assert rendered and len(list((tmp_path / "cache").glob("*.keras"))) == 2
    assert card["test_accuracy"] == 0.5 and card["command"] == "mnist-gui train --recipe test"
    assert card["epochs_completed"] == 1 and card["samples_trained"] == 2 * (300 + len(plan.train_samples))
    assert card["data"]["pen_strokes"]["held_out_writers"] == plan.held_writers
    rendered.clear()
    _, again = recipe_build.build(plan, hooks)
    assert rendered == [] and all("reused_from_cache" in m for m in again["members"])
    assert sum("reusing" in line for line in said) == 2


def test_card_from_run_takes_a_training_result_or_facts() -> None:
    config = SimpleNamespace(arch="small", to_dict=lambda: {"epochs": 2})
    run = SimpleNamespace(config=config, epochs_completed=2, train_time_s=12.34, samples_trained=640, cancelled=True)
    card = store.card_from_run(run, dataset_sha256="d" * 64, test_accuracy=0.98765432, extra={"x": 1})
    assert (card["architecture"], card["hyperparameters"], card["epochs_completed"]) == ("small", {"epochs": 2}, 2)
    assert card["training_time_s"] == 12.3 and card["cancelled"] is True and card["x"] == 1
    facts = store.RunFacts.of_members([{"epochs_completed": 3, "train_time_s": 1.0, "samples_trained": 5},
                                       {"epochs_completed": 2, "train_time_s": 2.0, "samples_trained": 7}])
    assert facts == store.RunFacts(epochs_completed=2, train_time_s=3.0, samples_trained=12)
    card = store.card_from_run(facts, dataset_sha256=None, test_accuracy=None, arch="a", hyperparameters={})
    assert card["samples_trained"] == 12 and card["test_accuracy"] is None
