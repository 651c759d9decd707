"""The `playground` command's arguments: one parser per subcommand, and every
setting of the settings table as a flag of `train`.

Building the parser imports no Qt and no NumPy; each subcommand's ``run`` is in
cli_commands.py (the headless ones) or cli_shot.py (PNG rendering).
"""

from __future__ import annotations

import argparse
import dataclasses

from playground import cli_commands, cli_shot, cli_slides


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="playground", description="A desktop neural-network playground. "
                     "Without a subcommand, opens the window.")
    parser.add_argument("--version", action="version", version=_version())
    _add_trainer_flag(parser, None)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("open", help="open the window with a scenario, network or lesson file")
    p.add_argument("file", nargs="?", help="scenario, network or lesson file, or a bundled lesson's name "
                   "(`playground lessons` lists them; an existing file of that name wins)")
    _add_trainer_flag(p, argparse.SUPPRESS)  # given after `open`, or before it
    for add in (_add_train, _add_backprop, _add_info, _add_export, _add_shot, _add_slides, _add_lessons,
                _add_install_desktop, _add_bench):
        add(sub)
    return parser


def _add_trainer_flag(parser, default) -> None:
    parser.add_argument("--trainer", choices=("process", "thread"), default=default,
                        help="where the window trains: a child process or a thread of the window's process "
                             "(default: the process where one can be started; README, Architecture)")


def _add_train(sub) -> None:
    p = sub.add_parser("train", help="train a scenario headless; flags override its settings",
                       description="Train from a scenario file, from flags, or both (flags win). "
                       "Progress and a loss line per report go to stderr.")
    p.add_argument("scenario", nargs="?", help="scenario or network file")
    p.add_argument("--epochs", type=int, default=100, help="epochs to train (default 100)")
    p.add_argument("--out", help="write the trained scenario here (atomically)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.add_argument("--report", type=int, help="epochs between loss lines (default: 10 lines in all)")
    p.add_argument("--data", metavar="FILE.csv", help="train on your own table: numeric input columns and one "
                   "label or target column (README, Your own data)")
    p.add_argument("--label", metavar="COLUMN", help="with --data: the label/target column, by header name or "
                   "number from 1 (default: the last)")
    p.add_argument("--standardise", action="store_true", help="with --data: scale each input column to mean 0, "
                   "standard deviation 1")
    _add_setting_flags(p)
    p.set_defaults(run=cli_commands.train)


def _add_backprop(sub) -> None:
    p = sub.add_parser("backprop", help="one sample's forward values, gradients and SGD update",
                       description="One sample through a network file: z, a, ∂L/∂z, ∂L/∂W, ∂L/∂b and, "
                       "with --lr, the SGD-updated weights.")
    p.add_argument("network", help="network file, scenario file, or worked case (*.case.json)")
    p.add_argument("--input", help="input values, comma separated, e.g. 0.5,0.1 (a case file has its own)")
    p.add_argument("--target", help="target values, comma separated (needed for --wrt loss)")
    p.add_argument("--lr", type=float, help="learning rate η: also show W − η·∂L/∂W")
    p.add_argument("--wrt", choices=("loss", "output"),
                   help="gradients of the loss (default, or the case's) or of the single output unit")
    p.add_argument("--sample", type=int, help="a worked case's sample N, counted from 0 (default: every sample "
                   "it lists; --json then prints {\"samples\": [...]})")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=cli_commands.backprop)


def _add_info(sub) -> None:
    p = sub.add_parser("info", help="what a scenario (or a TensorFlow Playground link) sets up")
    p.add_argument("scenario", help="scenario or network file, or a playground.tensorflow.org link")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=cli_commands.info)


def _add_export(sub) -> None:
    p = sub.add_parser("export", help="a scenario as one standalone Python script (NumPy only) that trains on",
                       description="Write one Python script that needs only NumPy, in the lecture's style (a "
                       "Layer class with forward_pass and backward_pass), holding the network's weights, its data, "
                       "where the shuffle stands, the optimizer's memory and the settings. Run as is, it trains on "
                       "from there and prints the losses the app shows, epoch for epoch.")
    p.add_argument("scenario", help="scenario or network file, or a playground.tensorflow.org link")
    p.add_argument("--python", required=True, metavar="OUT.py", help="write the script here (atomically)")
    p.set_defaults(run=cli_commands.export)


def _add_shot(sub) -> None:
    p = sub.add_parser("shot", help="PNG screenshots of a lesson's steps, or of a scenario's window and panels",
                       description="Render every shot of a lesson, or the window and every panel of a scenario "
                       "(or TensorFlow Playground link), to PNG, offscreen and deterministically: the same input "
                       "gives the same pixels.")
    p.add_argument("scenario", help="lesson file or a bundled lesson's name (e.g. 03-xor), scenario or network "
                   "file, or a playground.tensorflow.org link")
    p.add_argument("--out", required=True, help="folder for the PNG files (created if needed)")
    p.add_argument("--epochs", type=int, help="epochs to train first (default 0)")
    p.add_argument("--scale", type=float, default=1.0, help="pixel scale: 2 for slides, 4 for print (default 1)")
    p.add_argument("--panels", help="comma-separated: window, network, output, loss, data, controls, inspector, "
                   "hidden, gradients, landscape, race, timetravel (the window at half the epochs) (default: all)")
    p.add_argument("--size", help="the window's size in pixels, WIDTHxHEIGHT, from 1024x640 (default 1400x900); "
                   "a taller window gives the panels more room")
    p.add_argument("--enlarge", action="store_true", help="each panel alone, filling the window, as View > "
                   "Enlarge shows it (a teaching panel readable on a slide)")
    p.add_argument("--zoom", type=float, help="the window's zoom in percent, 75 to 200 (default 100), as "
                   "View > Zoom In sets it: type, plots and network together")
    p.add_argument("--sample", type=int, help="the training point the backprop inspector traces "
                   "(a worked case, *.case.json, brings its own input, target and learning rate)")
    p.set_defaults(run=cli_shot.shot)


def _add_slides(sub) -> None:
    p = sub.add_parser("slides", help="a lesson as slides: one page per step, PDF or HTML",
                       description="Render a lesson as slides, one page per step: its title, its text and its "
                       "pictures (drawn as `playground shot` draws them), to a PDF or to one self-contained HTML "
                       "file (arrow keys move between slides). The same lesson gives the same bytes.")
    p.add_argument("lesson", help="lesson file or a bundled lesson's name (e.g. 03-xor)")
    p.add_argument("--out", required=True, metavar="DECK.pdf|DECK.html",
                   help="the deck's file; its extension chooses the format (written atomically)")
    p.add_argument("--aspect", choices=("16:9", "4:3"), default="16:9", help="the pages' shape (default 16:9)")
    p.set_defaults(run=cli_slides.slides)


def _add_lessons(sub) -> None:
    p = sub.add_parser("lessons", help="list the bundled lessons, by name",
                       description="The lessons that come with Playground: a name (open NAME, shot NAME), "
                       "its title and its number of steps.")
    p.add_argument("--json", action="store_true", help="print a JSON list of {name, title, steps}")
    p.set_defaults(run=cli_commands.lessons)


def _add_install_desktop(sub) -> None:
    p = sub.add_parser("install-desktop", help="add Playground to this user's application menu (Linux)",
                       description="Write a freedesktop.org .desktop entry and the icon under $XDG_DATA_HOME "
                       "(default ~/.local/share), starting this Python; no administrator rights needed.")
    p.set_defaults(run=cli_commands.install_desktop)


def _add_bench(sub) -> None:
    p = sub.add_parser("bench", help="the standard performance workloads")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--repeat", type=int, default=5, help="runs per workload; the median is reported")
    p.add_argument("--seconds", type=float, default=0.4, help="length of one run of a workload")
    p.add_argument("--app-seconds", type=float, default=3.0,
                   help="how long the window plays W1 and W2 offscreen, with training in a process and then "
                   "in a thread, for the in-app figures (0: skip them)")
    p.add_argument("--memory-epochs", type=int, default=0,
                   help="also play W2 in the window for this many epochs and report how much memory grew "
                   "(10000 for the figure in the README; default 0: skip)")
    p.set_defaults(run=cli_commands.bench)


# --- settings as flags --------------------------------------------------------------

# Short spellings the docs use, for the settings most often typed.
_FLAG_ALIASES = {"learning_rate": ["--lr"], "batch_size": ["--batch"], "regularization_rate": ["--reg-rate"]}


def _add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per field of the settings table (dest ``set_<name>``), help and
    choices from its metadata."""
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
        return _names
    return {"int": int, "float": float, "str": str}[kind]


def _names(text: str) -> list[str]:
    """--inputs x1,x2 -> ["x1", "x2"]; the settings table checks the names."""
    return [v.strip() for v in text.split(",") if v.strip()]


def _widths(text: str) -> list[int]:
    """--hidden 8,8 -> [8, 8]; 0 or nothing: no hidden layer."""
    if text.strip() in ("", "0"):
        return []
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected neurons per layer as whole numbers separated by commas, "
                                         f"e.g. 8,8; got {text!r}") from None


def _version() -> str:
    from playground import __version__

    return f"playground {__version__}"
