"""`playground bench`: the standard workloads, as medians of repeated runs.

W1-W4 use TensorFlow Playground's settings (learning rate 0.03, tanh, 500
points, 50 % train, its U(-0.5, 0.5) initialisation, tanh output with its ½·SE
loss) and train for a fixed time; a run's figure counts training examples per
second, the per-epoch loss over all 500 points (train and test) included, as
TensorFlow Playground's own loop (oneStep) computes it. G times the output and
every neuron of W2's network on a 100 × 100 grid. The reference figures are
TensorFlow Playground's engine measured the same way (see WORKLOADS).
The in-app figures play W1 and W2 in the real window offscreen, once with
training in its own process and once in a thread (playground/ui/app_bench.py).
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.features import PLANE_FEATURES
from playground.engine.grid import GridEvaluator
from playground.engine.network import Network
from playground.engine.trainer import Trainer, init_rng
from playground.scenario import build_data
from playground.settings import Settings


@dataclass(frozen=True)
class Workload:
    name: str
    dataset: str
    inputs: tuple[str, ...]
    hidden: tuple[int, ...]
    batch_size: int
    tfp_examples_per_s: float
    target_ratio: float | None

    def trainer(self) -> Trainer:
        settings = Settings(dataset=self.dataset, inputs=list(self.inputs), hidden=list(self.hidden),
                            batch_size=self.batch_size, points=500, train_percent=50, seed=1)
        network = Network.create(self.inputs, self.hidden, "tanh", 1, "tanh", "half_se", init="tfp",
                                 rng=init_rng(1, 0))
        return Trainer(network, build_data(settings), learning_rate=0.03, batch_size=self.batch_size,
                       seed=1, init="tfp")


# The references (tfp_examples_per_s, TFP_GRID_MS): TensorFlow Playground's own engine, its
# nn.ts run in node on this kind of machine (the 2-core development VM), driven as its
# oneStep() drives it: the 250 training examples with an update after every batch (W4: one
# update of all 250), then the loss of all 500 points, which our figures count too. The
# grid: its 100 × 100 decision-boundary pass, every neuron, for W2's network. README,
# Architecture cites them. (Earlier references left out that loss and were about twice as high.)
WORKLOADS = (
    Workload("W1", "circle", ("x1", "x2"), (4, 2), 10, 0.75e6, 1.0),
    Workload("W2", "spiral", PLANE_FEATURES, (8,) * 6, 10, 68e3, 3.0),
    Workload("W3", "spiral", PLANE_FEATURES, (8,) * 6, 30, 71e3, 6.0),
    Workload("W4", "spiral", PLANE_FEATURES, (8,) * 6, 250, 72e3, 20.0),
)
TFP_GRID_MS, GRID_TARGET_MS, GRID_RESOLUTION = 38.0, 2.0, 100
# The window: TensorFlow Playground's page in Chromium on this kind of machine, and our targets
_APP_FRAMES = {"target_frames_per_s": 50, "target_p99_late_ms": 25}
APP_TARGETS = {
    "W1": {"tfp_epochs_per_s": 59.9, "target_epochs_per_s": 1500, **_APP_FRAMES},
    "W2": {"tfp_epochs_per_s": 15.2, "target_epochs_per_s": 600, **_APP_FRAMES},
}
# Where the window's training runs for the in-app figures: its own process (as the app
# runs it) and a thread of the GUI's process, measured one after the other.
APP_TRANSPORTS = ("process", "thread")


def _time_training(workload: Workload, seconds: float) -> tuple[float, float]:
    """(examples/s, updates/s) over one run of about ``seconds``."""
    trainer = workload.trainer()
    trainer.train_epochs(2)  # warm up: kernels built, caches filled
    n_train = len(trainer.data.train)
    epochs, updates = trainer.epoch, trainer.updates
    chunk, start = 1, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        trainer.train_epochs(chunk)
        chunk = min(chunk * 2, 64)
    elapsed = time.perf_counter() - start
    return (trainer.epoch - epochs) * n_train / elapsed, (trainer.updates - updates) / elapsed


def _time_grid(repeat: int) -> list[float]:
    trainer = WORKLOADS[1].trainer()
    grid = GridEvaluator(trainer.network, GRID_RESOLUTION)
    grid.run()
    times = []
    for _ in range(max(repeat, 5) * 20):
        start = time.perf_counter()
        grid.run()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def run_benchmarks(repeat: int = 5, seconds: float = 0.4,
                   progress: Callable[[str], None] | None = None, app_seconds: float = 3.0,
                   memory_epochs: int = 0) -> dict:
    """The workloads; with ``app_seconds`` > 0 also the in-app figures (the real
    window offscreen playing W1 and W2, see playground/ui/app_bench.py)."""
    say = progress or (lambda text: None)
    workloads = []
    for w in WORKLOADS:
        say(f"bench: {w.name} ({w.dataset}, hidden {list(w.hidden)}, batch {w.batch_size}) ...")
        workloads.append(_workload_figures(w, repeat, seconds))
    say("bench: G (W2's network, every neuron on a 100 × 100 grid) ...")
    grid_times = _time_grid(repeat)
    # the import first, in a process no window has trained in, as a user's window is: after
    # the windows that play W1 and W2 in this process (a thread's among them), its worst
    # lateness doubled at times, from something those windows left behind, not the import
    imports = import_figures(say) if app_seconds > 0 else None
    app = app_figures(app_seconds, say) if app_seconds > 0 else None
    memory = None
    if memory_epochs > 0:
        say(f"bench: the window offscreen, playing W2 for {memory_epochs:,} epochs (memory) ...")
        from playground.ui.app_bench import measure_memory

        memory = measure_memory(WORKLOADS[1], memory_epochs)
    return {
        "workloads": workloads,
        "grid": {"name": "G", "resolution": GRID_RESOLUTION, "median_ms": round(statistics.median(grid_times), 3),
                 "p90_ms": round(float(np.percentile(grid_times, 90)), 3), "tfp_ms": TFP_GRID_MS,
                 "target_ms": GRID_TARGET_MS},
        "app": app,
        "import": imports,
        "memory": memory,
        "repeat": repeat, "seconds_per_run": seconds,
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "processor": platform.processor() or platform.machine()},
    }


def _workload_figures(w: Workload, repeat: int, seconds: float) -> dict:
    runs = [_time_training(w, seconds) for _ in range(repeat)]
    examples = statistics.median(r[0] for r in runs)
    return {
        "name": w.name, "dataset": w.dataset, "inputs": list(w.inputs), "hidden": list(w.hidden),
        "batch_size": w.batch_size, "examples_per_s": round(examples),
        "updates_per_s": round(statistics.median(r[1] for r in runs)),
        "runs": [round(r[0]) for r in runs], "tfp_examples_per_s": w.tfp_examples_per_s,
        "ratio_to_tfp": round(examples / w.tfp_examples_per_s, 2), "target_ratio": w.target_ratio,
    }


def app_figures(seconds: float, say: Callable[[str], None]) -> list[dict]:
    """W1 and W2 played in the window for ``seconds`` each, once per transport: one
    entry per workload and transport, with its TensorFlow Playground figure and targets."""
    from playground.ui.app_bench import measure_app

    entries = []
    for transport in APP_TRANSPORTS:
        say(f"bench: the window offscreen, playing W1 and W2, training in a {transport} ...")
        for figures in measure_app(WORKLOADS[:2], seconds, transport=transport):
            figures.setdefault("transport", transport)
            figures.update(APP_TARGETS[figures["name"]])
            entries.append(figures)
    return entries


def import_figures(say: Callable[[str], None]) -> list[dict]:
    """File ▸ Import Data of the most points a session may hold, once per transport:
    how long the GUI thread is held (issue 14: never over ~100 ms)."""
    from playground.engine.data import MAX_POINTS
    from playground.ui.app_bench import measure_import

    say(f"bench: the window offscreen, importing a CSV of {MAX_POINTS:,} points ...")
    return [measure_import(MAX_POINTS, transport) for transport in APP_TRANSPORTS]


def format_table(results: dict) -> str:
    lines = [f"{'workload':<9}{'examples/s':>12}{'updates/s':>11}{'TFP ex/s':>11}{'ratio':>8}{'target':>8}"]
    for w in results["workloads"]:
        target = f"≥{w['target_ratio']:g}×" if w["target_ratio"] else ""
        lines.append(f"{w['name']:<9}{w['examples_per_s']:>12,}{w['updates_per_s']:>11,}"
                     f"{w['tfp_examples_per_s']:>11,.0f}{w['ratio_to_tfp']:>7.2f}×{target:>8}")
    g = results["grid"]
    lines.append(f"{'G':<9}{g['median_ms']:>10.3f} ms (p90 {g['p90_ms']:.3f} ms; TFP {g['tfp_ms']:g} ms, "
                 f"target ≤ {g['target_ms']:g} ms)")
    lines += [_app_line(a) for a in results.get("app") or []]
    lines += [_import_line(i) for i in results.get("import") or []]
    if results.get("memory"):
        lines.append(_memory_line(results["memory"]))
    lines.append(f"medians of {results['repeat']} runs of {results['seconds_per_run']:g} s; "
                 f"Python {results['machine']['python']}, NumPy {results['machine']['numpy']}")
    return "\n".join(lines)


def _app_line(a: dict) -> str:
    late = a["timer_p99_late_ms"]
    return (f"app {a['name']} {a['transport']:<8}{a['epochs_per_s']:>8,.0f} epochs/s "
            f"(TFP {a['tfp_epochs_per_s']:g}, target ≥ {a['target_epochs_per_s']:,}), "
            f"{a['frames_per_s']:.1f} frames/s (≥ {a['target_frames_per_s']}), "
            f"16 ms timer p99 late {'-' if late is None else f'{late:.1f}'} ms (≤ {a['target_p99_late_ms']})")


def _import_line(i: dict) -> str:
    return (f"import {i['points']:,} points, {i['transport']:<8} shown after {i['seconds_until_shown']:g} s; "
            f"16 ms timer late at most {i['timer_max_late_ms']:g} ms (≤ {i['target_max_late_ms']}), "
            f"p99 {i['timer_p99_late_ms']:g} ms")


def _memory_line(m: dict) -> str:
    return (f"memory  W2, {m['epochs']:,} epochs in the window: GUI {m['gui_mb'][0]:g} → {m['gui_mb'][1]:g} MB, "
            f"training process {m['training_process_mb'][0]:g} → {m['training_process_mb'][1]:g} MB "
            f"(time travel: {m['checkpoints']} checkpoints every {m['checkpoint_spacing']} epochs, "
            f"{m['checkpoints_mb']:g} MB)")
