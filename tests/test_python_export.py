"""File ▸ Export ▸ Python Script and `playground export`: one standalone script (NumPy
and the standard library) that trains on from the session's state and prints the
app's losses, epoch for epoch, to 1e-9 relative (it mirrors the app's float32 and
float64 arithmetic; README, Files).

Each script runs as a user would run it: ``python -I script.py 20`` in an empty
folder (20: the number of epochs, overriding the script's EPOCHS)."""

from __future__ import annotations

import ast
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.cli import main
from playground.engine.errors import InputError
from playground.engine.features import feature_matrix
from playground.engine.metrics import targets_for
from playground.python_export import python_script, save_python_script
from playground.scenario import Scenario, build_trainer, save_scenario, snapshot
from playground.settings import Settings

TOLERANCE = 1e-9  # relative: what the script's docstring and README promise
EPOCHS = 20

SCENARIOS = {
    # binary classification, L2 and momentum; batches of 10 in float64, losses over 500 points in float32
    "binary-l2-momentum": Settings(dataset="circle", noise=10, hidden=[4, 3], activation="tanh",
                                   optimizer="momentum", regularization="L2", regularization_rate=0.003,
                                   learning_rate=0.03, batch_size=10, seed=3),
    # three classes, softmax and cross-entropy, Adam; batches of 64, so the gradient in float32 too
    "softmax-adam": Settings(problem="multiclass", dataset="three-class", hidden=[6], activation="relu",
                             optimizer="adam", learning_rate=0.01, batch_size=64, noise=20, seed=5),
    # a 1-D function (regression), linear output and mean squared error, a step schedule
    "function-regression": Settings(problem="function", dataset="bumps", inputs=["x"], hidden=[8, 4],
                                    activation="tanh", learning_rate=0.05, batch_size=25, schedule="step",
                                    schedule_every=7, schedule_factor=0.5, points=300, seed=2),
}


def trained(settings: Settings, epochs: int = 4, steps: int = 3):
    """A trainer some epochs in, stopped in the middle of an epoch (the shuffle's cursor
    inside its order: the hardest place to continue from)."""
    trainer = build_trainer(Scenario(settings))
    trainer.train_epochs(epochs)
    for _ in range(steps):
        trainer.step()
    return trainer


def imported_modules(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0])
    return found


def run_script(script: Path, folder: Path, epochs: int = EPOCHS) -> list[tuple[str, dict]]:
    """(what the line says, {set: loss}) for each line the script prints; run isolated
    (-I: no environment, no user site, not the working folder) in an empty folder."""
    folder.mkdir()
    done = subprocess.run([sys.executable, "-I", str(script), str(epochs)], cwd=folder, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert list(folder.iterdir()) == [], "the script writes nothing"
    rows = []
    for line in done.stdout.splitlines():
        when, *pairs = line.split("  ")
        rows.append((when, {pair.split()[0]: float(pair.split()[2]) for pair in pairs}))
    return rows


def relative(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_script_trains_on_and_prints_the_apps_losses_epoch_for_epoch(name, tmp_path):
    settings = SCENARIOS[name]
    trainer = trained(settings)
    script = tmp_path / "script.py"
    size = save_python_script(trainer, script, title=name)
    source = script.read_text(encoding="utf-8")
    assert size == len(source.encode("utf-8")) and size < 40_000, "a 300-500 point scenario: tens of KB"
    assert imported_modules(source) == {"base64", "os", "sys", "zlib", "numpy"}
    assert imported_modules(source) - {"numpy"} <= set(sys.stdlib_module_names)
    for word in ("class Layer", "def forward_pass(self, batch_inputs)", "def backward_pass(self, dvalues)",
                 "self.dweights", "self.dbiases", "self.dinputs"):
        assert word in source, word

    # the app: the same session (as a saved file would reopen it), 20 more epochs
    app = build_trainer(snapshot(trainer, settings, name))
    start = app.metrics
    mid_epoch, first = app.batch_position, app.epoch
    app.train_epochs(EPOCHS)
    history = {epoch: (train, test) for epoch, train, test in
               zip(app.history.epoch, app.history.train_loss, app.history.test_loss)}

    rows = run_script(script, tmp_path / "empty")
    assert rows[0][0] == repr(name) + ", from Playground"
    assert rows[1][0] == f"epoch {first} + {mid_epoch[0]} batches", "it starts in the middle of an epoch"
    assert relative(rows[1][1]["train"], start.train_loss) <= TOLERANCE
    assert relative(rows[1][1]["test"], start.test_loss) <= TOLERANCE
    epochs = rows[2:]
    assert [when for when, _ in epochs] == [f"epoch {e}" for e in range(first + 1, first + EPOCHS + 1)]
    worst = max(relative(losses[key], history[int(when.split()[1])][i])
                for when, losses in epochs for i, key in enumerate(("train", "test")))
    assert worst <= TOLERANCE, worst
    assert epochs[-1][1]["train"] < 0.9 * start.train_loss, "and it does learn"


def test_numbers_and_data_round_trip_exactly(tmp_path):
    """Weights, optimizer memory, data, order, cursor and the generator's state read back
    bit for bit (repr of floats; packed arrays); the data are the points as the trainer
    holds them, not a generator."""
    settings = SCENARIOS["softmax-adam"].replace(validation_percent=20)
    trainer = trained(settings, epochs=2, steps=1)
    net, state = trainer.network, trainer.state()
    script = python_script(trainer, "numbers")
    assert "three_class" not in script and "def generate" not in script
    (tmp_path / "script.py").write_text(script, encoding="utf-8")
    found = runpy.run_path(str(tmp_path / "script.py"), run_name="not_main")  # defines everything, trains nothing
    for i, layer in enumerate(found["network"].dense_layers):
        assert np.array_equal(layer.weights, net.W(i)) and np.array_equal(layer.biases[:, 0], net.b(i))
        m, v = (net.layer_views(np.asarray(state["optimizer"][key]))[i] for key in ("m", "v"))
        assert np.array_equal(layer.weight_m, m[:, :-1]) and np.array_equal(layer.bias_v[:, 0], v[:, -1])
    assert found["optimizer"].iterations == state["optimizer"]["t"] == trainer.updates
    data = found["DATA"]
    assert list(data) == ["train", "test", "validation"]
    assert np.array_equal(data["train"][0], trainer.train_features)
    assert np.array_equal(data["train"][1], trainer.train_targets)
    for name in ("test", "validation"):
        part = getattr(trainer.data, name)
        assert np.array_equal(data[name][0], feature_matrix(net.inputs, part.points))
        assert np.array_equal(data[name][1], targets_for(part, net))
    assert np.array_equal(found["X_ALL"], trainer._evaluator._X), "all the points, as the app's loss pass has them"
    assert found["ORDER"].tolist() == state["order"] and found["CURSOR"] == state["cursor"] > 0
    assert found["shuffle"].bit_generator.state == state["shuffle"]
    assert (found["LEARNING_RATE"], found["BATCH_SIZE"], found["EPOCH"]) == (0.01, 64, trainer.epoch)


def test_text_from_the_scenario_enters_only_as_repr():
    title = 'x"""\nimport shutil; shutil.rmtree("/")  # \'\u2028\x1b]0;owned\x07'
    trainer = trained(Settings(points=40, hidden=[2]), epochs=1, steps=0)
    script = python_script(trainer, title)
    tree = ast.parse(script)
    assert imported_modules(script) == {"base64", "os", "sys", "zlib", "numpy"}
    assigned = {node.targets[0].id: node.value for node in tree.body if isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Name)}
    assert ast.literal_eval(assigned["TITLE"]) == title
    assert ast.literal_eval(assigned["INPUTS"]) == ["x1", "x2"]
    assert "shutil" not in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def test_a_script_of_100000_points_stays_a_few_megabytes():
    trainer = build_trainer(Scenario(Settings(points=100_000, hidden=[3])))
    size = len(python_script(trainer).encode("utf-8"))
    assert 1_600_000 < size < 2_500_000, size  # the points' 1.6 MB of float64, packed: about 2.0 MB


def test_a_diverged_session_is_refused_with_a_reason():
    trainer = trained(Settings(points=40), epochs=1, steps=0)
    trainer.network.params[0] = np.inf
    with pytest.raises(InputError, match="infinite or NaN weight"):
        python_script(trainer)


# --- the command line --------------------------------------------------------------------

def test_playground_export_writes_the_script_of_a_scenario_file(tmp_path, capsys):
    settings = SCENARIOS["binary-l2-momentum"]
    trainer = trained(settings, epochs=3, steps=0)
    path = tmp_path / "s.json"
    save_scenario(snapshot(trainer, settings, "from a file"), path)
    out = tmp_path / "out.py"
    assert main(["export", str(path), "--python", str(out)]) == 0
    err = capsys.readouterr().err
    assert err == f"wrote {out} ({out.stat().st_size:,} bytes)\n"
    rows = run_script(out, tmp_path / "empty", epochs=2)
    assert [when for when, _ in rows] == ["'from a file', from Playground", "epoch 3", "epoch 4", "epoch 5"]
    assert relative(rows[1][1]["train"], trainer.metrics.train_loss) <= TOLERANCE
    trainer.train_epochs(2)
    assert relative(rows[-1][1]["test"], trainer.metrics.test_loss) <= TOLERANCE


@pytest.mark.parametrize("argv, fragment", [
    (["export", "{missing}", "--python", "{out}"], "no such file"),
    (["export", "{scenario}", "--python", "{folder}/no/such/folder/out.py"], "does not exist"),
    (["export", "{scenario}", "--python", "{folder}"], "is a directory"),
    (["export", "{scenario}"], "the following arguments are required: --python"),
])
def test_playground_export_refuses_bad_input_in_one_line(argv, fragment, tmp_path, capsys):
    scenario = tmp_path / "s.json"
    save_scenario(Scenario(Settings(points=40)), scenario)
    names = {"missing": tmp_path / "missing.json", "out": tmp_path / "out.py", "scenario": scenario,
             "folder": tmp_path}
    try:
        code = main([a.format(**names) for a in argv])
    except SystemExit as e:  # argparse's usage error
        code = e.code
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert len(captured.err.splitlines()) == 1 and fragment in captured.err, captured.err
    assert not (tmp_path / "out.py").exists()
