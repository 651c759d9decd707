"""The headless subcommands of `playground`: train, export, backprop, info and bench.

Each takes the parsed arguments and returns the exit code; a problem with the
user's input is an InputError (cli.main prints it as one line, exit code 2).
Nothing here imports Qt: these run on machines without a display.
"""

from __future__ import annotations

import sys
import time

from playground.engine.errors import InputError
from playground.files import json_line

# exit codes (README, The command line): 0 success, 1 internal error, 2 bad input,
# 3 training diverged, 130 interrupted
DIVERGED = 3

# Settings that fix the network's shape: changing one draws a new network.
_SHAPE_SETTINGS = {"inputs", "hidden", "activation", "output_activation", "loss", "problem", "dataset", "init"}
INFO_KEYS = ("problem", "dataset", "noise", "train_percent", "inputs", "hidden", "activation",
             "learning_rate", "batch_size", "regularization", "regularization_rate", "optimizer", "seed")


def load_with_notes(path: str):
    """load_scenario, with a link's notes said on stderr."""
    from playground.scenario import load_scenario

    scenario = load_scenario(path)
    for note in scenario.notes:
        print(f"playground: note: {note}", file=sys.stderr)
    return scenario


class Progress:
    """A progress bar on a terminal, and a loss line per report."""

    def __init__(self, total: int):
        self.total, self.tty = total, sys.stderr.isatty()
        self._shown = 0  # characters on the bar's line now

    def update(self, done: int, m, report_line: bool) -> None:
        text = f"epoch {done:>{len(str(self.total))}}/{self.total}  train loss {m.train_loss:.6f}"
        if m.test_loss is not None:
            text += f"  test loss {m.test_loss:.6f}"
        if m.test_accuracy is not None:
            text += f"  test accuracy {m.test_accuracy:.1%}"
        if self.tty:
            self._show(text + "\n" if report_line else self._bar(done) + text)
        elif report_line:
            print(text, file=sys.stderr, flush=True)

    def update_text(self, done: int, text: str) -> None:
        if self.tty:
            self._show(f"{self._bar(done)}{done}/{self.total} {text}")

    def close(self) -> None:
        if self.tty:
            self._show("")

    def _bar(self, done: int) -> str:
        filled = int(30 * done / max(1, self.total))
        return f"[{'#' * filled}{'.' * (30 - filled)}] "

    def _show(self, text: str) -> None:
        """``text`` over the bar's line, the rest of the line cleared: by the terminal's
        erase-to-end code, or on Windows, whose console may not know it, by spaces."""
        line, newline = text.removesuffix("\n"), text.endswith("\n")
        if sys.platform == "win32":
            clear = " " * (self._shown - len(line)) + "\b" * (self._shown - len(line))
        else:
            clear = "\x1b[K"
        self._shown = 0 if newline else len(line)
        print(f"\r{line}{clear}" + ("\n" if newline else ""), end="", file=sys.stderr, flush=True)


# --- train --------------------------------------------------------------------------

def settings_from(args, base=None):
    """The scenario's settings (or the defaults) with the flags applied; True when
    a flag changed the network's shape."""
    from playground.engine.data import DATASETS, check_dataset
    from playground.scenario import settings_for_problem
    from playground.settings import Settings

    changes = {k[4:]: v for k, v in vars(args).items() if k.startswith("set_") and v is not None}
    settings = base or Settings()
    if "dataset" in changes and "problem" not in changes and changes["dataset"] in DATASETS:
        problem = check_dataset(changes["dataset"]).problem  # the data set says which
        if problem != settings.problem:
            settings = settings_for_problem(settings, problem, changes["dataset"])
    values = settings.to_dict()
    values.update(changes)
    return Settings.from_dict(values, "flags"), bool(_SHAPE_SETTINGS & set(changes))


def train(args) -> int:
    import numpy as np

    if args.epochs < 0:
        raise InputError(f"--epochs: expected a whole number ≥ 0, got {args.epochs}")
    if (args.label or args.standardise) and not args.data:
        raise InputError("--label and --standardise go with --data FILE.csv")
    if args.report is not None and args.report < 1:
        raise InputError(f"--report: expected a whole number of epochs ≥ 1, got {args.report}")
    with np.errstate(all="ignore"):  # no RuntimeWarnings: the trainer notices a diverging loss and says so
        return _train_quietly(args)


def _train_quietly(args) -> int:
    from playground.files import check_destination
    from playground.scenario import Scenario, build_trainer, save_scenario, snapshot

    if args.out:
        check_destination(args.out)  # before training, not after it
    scenario = load_with_notes(args.scenario) if args.scenario else Scenario(None)
    if args.data:
        scenario = _with_table(scenario, args)
    settings, reshaped = settings_from(args, scenario.settings)
    if reshaped:
        scenario.network, scenario.state = None, None
    scenario.settings = settings
    trainer = build_trainer(scenario)
    start = time.perf_counter()
    problem = _train_epochs(trainer, args.epochs, args.report or max(1, args.epochs // 10))
    seconds = time.perf_counter() - start
    if args.out:
        save_scenario(snapshot(trainer, settings, scenario.title, scenario.data), args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    if trainer.stopped:
        print(f"early stopping: best validation loss at epoch {trainer.best_epoch}; its weights kept",
              file=sys.stderr)
    if args.json:
        m = trainer.metrics
        print(json_line({
            "epochs": trainer.epoch, "train_loss": m.train_loss, "test_loss": m.test_loss,
            "train_accuracy": m.train_accuracy, "test_accuracy": m.test_accuracy,
            "validation_loss": m.validation_loss, "updates": trainer.updates, "seconds": round(seconds, 4),
            "stopped_early": trainer.stopped, "best_epoch": trainer.best_epoch,
            "confusion": None if m.confusion is None else m.confusion.tolist(),
            "diverged": problem, "settings": settings.to_dict()}))
    if problem:
        print(f"playground: {problem}", file=sys.stderr)
        return DIVERGED
    return 0


def _with_table(scenario, args):
    """The scenario on the table of --data, as its columns; what the table was taken for on stderr."""
    from playground.csv_data import read_table
    from playground.scenario import Scenario, with_data
    from playground.settings import Settings

    table = read_table(args.data, label=args.label, standardise=args.standardise)
    print(f"playground: {table.summary()}", file=sys.stderr)
    joined = with_data(scenario if scenario.settings is not None else Scenario(Settings()), table.dataset,
                       table.inputs)
    if scenario.network is not None and joined.network is None:
        print(f"playground: note: the network's inputs ({', '.join(scenario.network.inputs)}) or outputs are "
              f"not the table's ({', '.join(table.inputs)}; {table.problem}): a new network is drawn for them",
              file=sys.stderr)
    return joined


def _train_epochs(trainer, epochs: int, report: int) -> str | None:
    """Train ``epochs`` more (fewer when early stopping ends it), showing progress;
    the divergence message, or None."""
    from playground.engine.trainer import TrainingDiverged

    tick = max(1, min(report, epochs // 100))  # the bar moves in ~100 ticks
    progress, first = Progress(epochs), trainer.epoch
    try:
        while trainer.epoch - first < epochs and not trainer.stopped:
            before = trainer.epoch - first
            trainer.train_epochs(min(tick, epochs - before))
            done = trainer.epoch - first
            progress.update(done, trainer.metrics, done // report > before // report or done == epochs)
    except TrainingDiverged as e:
        return str(e)
    finally:
        progress.close()
    return None


# --- export -------------------------------------------------------------------------

def export(args) -> int:
    """`playground export SCENARIO --python OUT.py`: the standalone training script."""
    from playground.files import check_destination
    from playground.python_export import export_scenario

    check_destination(args.python)  # before reading and building, not after
    size = export_scenario(load_with_notes(args.scenario), args.python)
    print(f"wrote {args.python} ({size:,} bytes)", file=sys.stderr)
    return 0


# --- backprop, info, bench ----------------------------------------------------------

def _numbers(text: str, flag: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError:
        raise InputError(f"{flag}: expected numbers separated by commas, got {text!r}") from None
    if not values:
        raise InputError(f"{flag}: expected at least one number")
    return values


def backprop(args) -> int:
    from playground.engine.trace import trace
    from playground.files import read_json
    from playground.scenario import build_trainer, scenario_from_dict
    from playground.trace_format import as_text
    from playground.worked_case import check_case

    data = read_json(args.network, "network file")
    # a worked case: its samples, learning rate and gradient are the defaults
    case = check_case(data, args.network) if "network" in data and "format" not in data else {}
    scenario = scenario_from_dict(case.get("network", data), args.network)
    network = scenario.network if scenario.network is not None else build_trainer(scenario).network
    samples = _backprop_samples(args, case)
    lr = args.lr if args.lr is not None else case.get("lr")
    wrt = args.wrt or case.get("wrt", "loss")
    import numpy as np

    with np.errstate(all="ignore"):  # an overflow shows in the numbers (inf, or null under --json)
        results = [trace(network, s["input"], s["target"], lr, wrt) for s in samples]
    # a case listing samples prints them all, under "samples" (one picked by --sample or --input prints alone)
    every = "samples" in case and args.sample is None and args.input is None
    if args.json:
        print(json_line({"samples": [r.to_dict() for r in results]} if every else results[0].to_dict()))
    elif every:
        print("\n".join(f"samples[{i}] of {len(results)}\n{as_text(r, network.inputs)}"
                        for i, r in enumerate(results)), end="")
    else:
        print(as_text(results[0], network.inputs), end="")
    return 0


def _backprop_samples(args, case: dict) -> list[dict]:
    """The samples `backprop` traces, each {"input", "target"}: a case's (all, or
    the one --sample picks), with --input and --target given instead."""
    from playground.worked_case import case_samples

    samples = case_samples(case) if case else []
    if args.sample is not None:
        if not samples:
            raise InputError("--sample: only a worked case (*.case.json) has samples to pick from")
        if not 0 <= args.sample < len(samples):
            raise InputError(f"--sample: expected 0 to {len(samples) - 1} (the case's samples, counted from 0), "
                             f"got {args.sample}")
        samples = [samples[args.sample]]
    if args.input is not None or args.target is not None:  # the flags win over the (first) sample's fields
        first = samples[0] if samples else {}
        samples = [{"input": _numbers(args.input, "--input") if args.input is not None else first.get("input"),
                    "target": _numbers(args.target, "--target") if args.target is not None
                    else first.get("target")}]
    if not samples or samples[0]["input"] is None:
        raise InputError("--input: expected the input values, e.g. --input 0.5,0.1")
    return samples


def printable(text: str) -> str:
    """Text from a file for a terminal: control characters (an escape sequence in a
    title could retitle the terminal or hide lines) shown as escapes, not sent."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def info(args) -> int:
    scenario = load_with_notes(args.scenario)
    s = scenario.settings.to_dict()
    found = {k: s[k] for k in INFO_KEYS}
    found.update({k: v for k, v in s.items() if k not in found})
    found["output_activation"], found["loss"] = scenario.settings.output
    found["title"] = scenario.title
    found["weights"] = "saved" if scenario.network is not None else "drawn from the seed"
    found["epoch"] = scenario.state["epoch"] if scenario.state else 0
    found["data"] = _data_text(scenario)
    if args.json:
        print(json_line(found))
    else:
        width = max(map(len, found))
        for k, v in found.items():
            text = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            print(f"{k:<{width}}  {printable(text)}")
    return 0


def _data_text(scenario) -> str:
    """Where the scenario's points come from."""
    from playground.engine.features import is_plain

    if scenario.data is not None:
        return f"your own: {len(scenario.data):,} points"
    if is_plain(scenario.settings.inputs):
        return f"none yet: import a table with the columns {', '.join(scenario.settings.inputs)}"
    return f"generated: {scenario.settings.dataset}, {scenario.settings.points} points"


def lessons(args) -> int:
    from playground.bundled import LESSONS, bundled_lessons
    from playground.lesson import load_lesson

    found = [{"name": name, "title": lesson.title, "steps": len(lesson.steps)}
             for name, lesson in zip(LESSONS, map(load_lesson, bundled_lessons()))]
    if args.json:
        print(json_line(found))
    else:
        width = max(len(f["name"]) for f in found)
        for f in found:
            print(f"{f['name']:<{width}}  {printable(f['title'])} ({f['steps']} steps)")
    return 0


def install_desktop(args) -> int:
    from playground.desktop import install_desktop as install

    for path in install():
        print(path)
    return 0


def bench(args) -> int:
    from playground.bench import format_table, run_benchmarks

    if args.repeat < 1 or args.seconds <= 0:
        raise InputError("--repeat: expected ≥ 1 and --seconds: expected > 0")
    if args.app_seconds < 0 or args.memory_epochs < 0:
        raise InputError("--app-seconds and --memory-epochs: expected a number ≥ 0")
    results = run_benchmarks(repeat=args.repeat, seconds=args.seconds, app_seconds=args.app_seconds,
                             progress=None if args.json else lambda text: print(text, file=sys.stderr),
                             memory_epochs=args.memory_epochs)
    print(json_line(results) if args.json else format_table(results))
    return 0
