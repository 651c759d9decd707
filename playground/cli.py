"""The `playground` command: the window, and headless access to the same engine.

Only the window's path imports Qt (in ``_open``), so the other subcommands start
fast and run on machines without a display.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import time

from playground.engine.errors import InputError


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        if args.command in (None, "open"):
            return _open(getattr(args, "file", None))
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return code
    except InputError as e:
        print(f"playground: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("playground: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (playground bench | head -1): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


_VALUE_FLAGS = ("--input", "--target")


def _negative_values(argv: list[str]) -> list[str]:
    """``--input -0.5,0.1`` as ``--input=-0.5,0.1``: argparse would take a value list
    that starts with a minus sign for an option."""
    out = []
    for i, arg in enumerate(argv):
        if i and argv[i - 1] in _VALUE_FLAGS and re.match(r"-\.?\d", arg):
            out[-1] = f"{argv[i - 1]}={arg}"
        else:
            out.append(arg)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="playground", description="A desktop neural-network playground. "
                     "Without a subcommand, opens the window.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("open", help="open the window with a scenario or network file")
    p.add_argument("file", nargs="?", help="scenario or network file")

    p = sub.add_parser("train", help="train a scenario headless; flags override its settings",
                       description="Train from a scenario file, from flags, or both (flags win). "
                       "Progress and a loss line per report go to stderr.")
    p.add_argument("scenario", nargs="?", help="scenario or network file")
    p.add_argument("--epochs", type=int, default=100, help="epochs to train (default 100)")
    p.add_argument("--out", help="write the trained scenario here (atomically)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.add_argument("--report", type=int, help="epochs between loss lines (default: 10 lines in all)")
    _add_setting_flags(p)
    p.set_defaults(run=_train)

    p = sub.add_parser("backprop", help="one sample's forward values, gradients and SGD update",
                       description="One sample through a network file: z, a, ∂L/∂z, ∂L/∂W, ∂L/∂b and, "
                       "with --lr, the SGD-updated weights.")
    p.add_argument("network", help="network file, scenario file, or worked case (*.case.json)")
    p.add_argument("--input", help="input values, comma separated, e.g. 0.5,0.1 (a case file has its own)")
    p.add_argument("--target", help="target values, comma separated (needed for --wrt loss)")
    p.add_argument("--lr", type=float, help="learning rate η: also show W − η·∂L/∂W")
    p.add_argument("--wrt", choices=("loss", "output"), default="loss",
                   help="gradients of the loss (default) or of the single output unit")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_backprop)

    p = sub.add_parser("info", help="what a scenario (or a TensorFlow Playground link) sets up")
    p.add_argument("scenario", help="scenario or network file, or a playground.tensorflow.org link")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_info)

    p = sub.add_parser("shot", help="PNG screenshots of a lesson's steps, or of a scenario's window and panels",
                       description="Render every shot of a lesson, or the window and every panel of a scenario "
                       "(or TensorFlow Playground link), to PNG, offscreen and deterministically: the same input "
                       "gives the same pixels.")
    p.add_argument("scenario", help="lesson file, scenario or network file, or a playground.tensorflow.org link")
    p.add_argument("--out", required=True, help="folder for the PNG files (created if needed)")
    p.add_argument("--epochs", type=int, default=0, help="epochs to train first (default 0)")
    p.add_argument("--scale", type=float, default=1.0, help="pixel scale: 2 for slides, 4 for print (default 1)")
    p.add_argument("--panels", help="comma-separated: window, network, output, loss, data, controls, inspector, "
                   "hidden, gradients, landscape, race, timetravel (the window at half the epochs) (default: all)")
    p.add_argument("--size", default="1400x900", help="the window's size in pixels, WIDTHxHEIGHT (default 1400x900); "
                   "a taller window gives the panels more room")
    p.add_argument("--sample", type=int, help="the training point the backprop inspector traces "
                   "(a worked case, *.case.json, brings its own input, target and learning rate)")
    p.set_defaults(run=_shot)

    p = sub.add_parser("bench", help="the standard performance workloads")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--repeat", type=int, default=5, help="runs per workload; the median is reported")
    p.add_argument("--seconds", type=float, default=0.4, help="length of one run of a workload")
    p.add_argument("--app-seconds", type=float, default=3.0,
                   help="how long the window plays W1 and W2 offscreen for the in-app figures (0: skip them)")
    p.add_argument("--memory-epochs", type=int, default=0,
                   help="also play W2 in the window for this many epochs and report how much memory grew "
                   "(10000 for the figure in the README; default 0: skip)")
    p.set_defaults(run=_bench)
    return parser


# --- settings as flags --------------------------------------------------------------

# Short spellings the docs use, for the settings most often typed.
_FLAG_ALIASES = {"learning_rate": ["--lr"], "batch_size": ["--batch"], "regularization_rate": ["--reg-rate"]}
# Settings that fix the network's shape: changing one draws a new network.
_SHAPE_SETTINGS = {"inputs", "hidden", "activation", "output_activation", "loss", "problem", "dataset", "init"}


def _add_setting_flags(parser: argparse.ArgumentParser) -> None:
    from playground.settings import Settings

    group = parser.add_argument_group("settings (override the scenario's)")
    for f in dataclasses.fields(Settings):
        flags = [f"--{f.name.replace('_', '-')}"] + _FLAG_ALIASES.get(f.name, [])
        meta = f.metadata
        helptext = meta["help"] + (f" ({', '.join(c for c in meta['choices'] if c)})"
                                   if meta["choices"] and f.type == "str" else "")
        group.add_argument(*flags, dest=f"set_{f.name}", metavar=f.name.upper(), help=helptext,
                           type=_flag_type(f.type, f.name))


def _flag_type(kind: str, name: str):
    if kind == "list":
        if name == "hidden":
            return _widths
        return lambda text: [v.strip() for v in text.split(",") if v.strip()]
    return {"int": int, "float": float, "str": str}[kind]


def _widths(text: str) -> list[int]:
    """--hidden 8,8 -> [8, 8]; 0 or nothing: no hidden layer."""
    if text.strip() in ("", "0"):
        return []
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected neurons per layer as whole numbers separated by commas, "
                                         f"e.g. 8,8; got {text!r}") from None


def _settings_from(args, base=None):
    """The scenario's settings (or the defaults) with the flags applied; True when
    a flag changed the network's shape."""
    from playground.engine.data import DATASETS, check_dataset
    from playground.settings import Settings

    changes = {k[4:]: v for k, v in vars(args).items() if k.startswith("set_") and v is not None}
    values = (base or Settings()).to_dict()
    if "dataset" in changes and "problem" not in changes and changes["dataset"] in DATASETS:
        values["problem"] = check_dataset(changes["dataset"]).problem  # the data set says which
        if values["problem"] == "function" and "inputs" not in changes:
            values["inputs"] = ["x"]
        elif values["problem"] != "function" and values["inputs"] == ["x"] and "inputs" not in changes:
            values["inputs"] = ["x1", "x2"]
        if values["problem"] != (base or Settings()).problem:
            values["output_activation"] = values["loss"] = ""
    values.update(changes)
    return Settings.from_dict(values, "flags"), bool(_SHAPE_SETTINGS & set(changes))


# --- subcommands ----------------------------------------------------------------------

def _train(args) -> int:
    import numpy as np

    with np.errstate(all="ignore"):  # no RuntimeWarnings: the trainer notices a diverging loss and says so
        return _train_quietly(args)


def _train_quietly(args) -> int:
    from playground.engine.trainer import TrainingDiverged
    from playground.files import check_destination
    from playground.scenario import Scenario, build_trainer, save_scenario, snapshot

    if args.epochs < 0:
        raise InputError(f"--epochs: expected a whole number ≥ 0, got {args.epochs}")
    if args.report is not None and args.report < 1:
        raise InputError(f"--report: expected a whole number of epochs ≥ 1, got {args.report}")
    if args.out:
        check_destination(args.out)  # before training, not after it
    scenario = _load(args.scenario) if args.scenario else Scenario(None)
    settings, reshaped = _settings_from(args, scenario.settings)
    if reshaped:
        scenario.network, scenario.state = None, None
    scenario.settings = settings
    trainer = build_trainer(scenario)
    report = args.report or max(1, args.epochs // 10)
    tick = max(1, min(report, args.epochs // 100))  # the bar moves in ~100 ticks
    progress = _Progress(args.epochs)
    start, first, problem = time.perf_counter(), trainer.epoch, None
    try:
        while trainer.epoch - first < args.epochs and not trainer.stopped:
            before = trainer.epoch - first
            trainer.train_epochs(min(tick, args.epochs - before))
            done = trainer.epoch - first
            progress.update(done, trainer.metrics, done // report > before // report or done == args.epochs)
    except TrainingDiverged as e:
        problem = str(e)
    finally:
        progress.close()
    seconds = time.perf_counter() - start
    if args.out:
        save_scenario(snapshot(trainer, settings, scenario.title, scenario.data), args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    if trainer.stopped:
        print(f"early stopping: best validation loss at epoch {trainer.best_epoch}; its weights kept",
              file=sys.stderr)
    if args.json:
        m = trainer.metrics
        print(json.dumps({
            "epochs": trainer.epoch, "train_loss": m.train_loss, "test_loss": m.test_loss,
            "train_accuracy": m.train_accuracy, "test_accuracy": m.test_accuracy,
            "validation_loss": m.validation_loss, "updates": trainer.updates, "seconds": round(seconds, 4),
            "stopped_early": trainer.stopped, "best_epoch": trainer.best_epoch,
            "confusion": None if m.confusion is None else m.confusion.tolist(),
            "diverged": problem, "settings": settings.to_dict()}))
    if problem:
        print(f"playground: {problem}", file=sys.stderr)
        return 1
    return 0


class _Progress:
    """A progress bar on a terminal, and a loss line per report."""

    def __init__(self, total: int):
        self.total, self.tty = total, sys.stderr.isatty()

    def update(self, done: int, m, report_line: bool) -> None:
        text = f"epoch {done:>{len(str(self.total))}}/{self.total}  train loss {m.train_loss:.6f}"
        if m.test_loss is not None:
            text += f"  test loss {m.test_loss:.6f}"
        if m.test_accuracy is not None:
            text += f"  test accuracy {m.test_accuracy:.1%}"
        if self.tty:
            filled = int(30 * done / max(1, self.total))
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] "
            print(("\r" + text + "\x1b[K\n") if report_line else f"\r{bar}{text}\x1b[K", end="",
                  file=sys.stderr, flush=True)
        elif report_line:
            print(text, file=sys.stderr, flush=True)

    def update_text(self, done: int, text: str) -> None:
        if self.tty:
            filled = int(30 * done / max(1, self.total))
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} {text}\x1b[K", end="",
                  file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def _numbers(text: str, flag: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError:
        raise InputError(f"{flag}: expected numbers separated by commas, got {text!r}") from None
    if not values:
        raise InputError(f"{flag}: expected at least one number")
    return values


def _backprop(args) -> int:
    from playground.engine.trace import trace
    from playground.files import read_json
    from playground.scenario import build_trainer, scenario_from_dict
    from playground.trace_format import as_text

    data = read_json(args.network, "network file")
    case = data if "network" in data and "format" not in data else {}  # a worked case: its sample is the default
    scenario = scenario_from_dict(case.get("network", data), args.network)
    network = scenario.network if scenario.network is not None else build_trainer(scenario).network
    x = _numbers(args.input, "--input") if args.input is not None else case.get("input")
    if x is None:
        raise InputError("--input: expected the input values, e.g. --input 0.5,0.1")
    target = _numbers(args.target, "--target") if args.target is not None else case.get("target")
    lr = args.lr if args.lr is not None else case.get("lr")
    result = trace(network, x, target, lr, args.wrt)
    print(json.dumps(result.to_dict()) if args.json else as_text(result, network.inputs), end="\n" if args.json else "")
    return 0


INFO_KEYS = ("problem", "dataset", "noise", "train_percent", "inputs", "hidden", "activation",
             "learning_rate", "batch_size", "regularization", "regularization_rate", "optimizer", "seed")


def _load(path: str):
    """load_scenario, with a link's notes said on stderr."""
    from playground.scenario import load_scenario

    scenario = load_scenario(path)
    for note in scenario.notes:
        print(f"playground: note: {note}", file=sys.stderr)
    return scenario


def _info(args) -> int:
    scenario = _load(args.scenario)
    s = scenario.settings.to_dict()
    info = {k: s[k] for k in INFO_KEYS}
    info.update({k: v for k, v in s.items() if k not in info})
    info["output_activation"], info["loss"] = scenario.settings.output
    info["title"] = scenario.title
    info["weights"] = "saved" if scenario.network is not None else "drawn from the seed"
    info["epoch"] = scenario.state["epoch"] if scenario.state else 0
    if args.json:
        print(json.dumps(info))
    else:
        width = max(map(len, info))
        for k, v in info.items():
            print(f"{k:<{width}}  {', '.join(map(str, v)) if isinstance(v, list) else v}")
    return 0


def _bench(args) -> int:
    from playground.bench import format_table, run_benchmarks

    if args.repeat < 1 or args.seconds <= 0:
        raise InputError("--repeat: expected ≥ 1 and --seconds: expected > 0")
    if args.app_seconds < 0 or args.memory_epochs < 0:
        raise InputError("--app-seconds and --memory-epochs: expected a number ≥ 0")
    results = run_benchmarks(repeat=args.repeat, seconds=args.seconds, app_seconds=args.app_seconds,
                             progress=None if args.json else lambda text: print(text, file=sys.stderr),
                             memory_epochs=args.memory_epochs)
    print(json.dumps(results) if args.json else format_table(results))
    return 0


PANELS = ("window", "network", "output", "loss", "data", "controls", "inspector", "hidden", "gradients",
          "landscape", "race", "timetravel")


def _shot(args) -> int:
    from pathlib import Path

    if args.epochs < 0:
        raise InputError(f"--epochs: expected a whole number ≥ 0, got {args.epochs}")
    if not 0.25 <= args.scale <= 8:
        raise InputError(f"--scale: expected a number from 0.25 to 8, got {args.scale:g}")
    names = tuple(n.strip() for n in args.panels.split(",") if n.strip()) if args.panels else PANELS
    unknown = [n for n in names if n not in PANELS]
    if unknown or not names:
        raise InputError(f"--panels: expected some of {', '.join(PANELS)}, got {args.panels!r}")
    size = _window_size(args.size)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out: {out} is a file, not a folder")
    from playground.lesson import is_lesson_file, load_lesson

    if not args.scenario.startswith(("http://", "https://", "#")) and is_lesson_file(args.scenario):
        return _shoot_lesson(load_lesson(args.scenario), out, args.scale)
    scenario, inspect = _load_for_shot(args.scenario)
    if args.sample is not None:
        inspect = {"sample": args.sample}
    from playground.ui.render import shoot  # Qt, offscreen: only this subcommand pays for it

    progress, done = _Progress(len(names)), []

    def on_written(path):
        done.append(path)
        progress.update_text(len(done), path.name)
    written = shoot(scenario, out, args.epochs, args.scale, names, on_written=on_written, inspect=inspect, size=size)
    progress.close()
    for path in written:
        print(path)
    return 0


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise InputError(f"--size: expected WIDTHxHEIGHT such as 1600x1000, got {text!r}") from None
    if not (800 <= width <= 4000 and 600 <= height <= 3000):
        raise InputError(f"--size: expected 800x600 to 4000x3000, got {text!r}")
    return width, height


def _shoot_lesson(lesson, out, scale: float) -> int:
    from playground.ui.render import shoot_lesson

    total = sum(len(step.shots) for step in lesson.steps)
    if not total:
        raise InputError(f"{lesson.source}: shots: the lesson has none to render")
    progress, done = _Progress(total), []

    def on_written(path):
        done.append(path)
        progress.update_text(len(done), path.name)
    written = shoot_lesson(lesson, out, scale, on_written)
    progress.close()
    for path in written:
        print(path)
    return 0


def _load_for_shot(path: str):
    """(scenario, inspector sample or None): a worked case is its network and its sample."""
    from playground.files import read_json
    from playground.scenario import scenario_from_dict
    from playground.tfp_link import is_link

    if not is_link(path) and path.endswith(".case.json"):
        case = read_json(path, "worked case")
        if "network" not in case or "input" not in case:
            raise InputError(f"{path}: network and input: expected a worked case with both")
        inspect = {"input": case["input"], "target": case.get("target"), "lr": case.get("lr"),
                   "wrt": case.get("wrt", "loss")}
        return scenario_from_dict(case["network"], path), inspect
    return _load(path), None


def _open(path: str | None) -> int:
    from playground.ui.app import run_app

    return run_app(path)


def _version() -> str:
    from playground import __version__

    return f"playground {__version__}"
