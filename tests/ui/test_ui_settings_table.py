"""The controls offer what the settings table allows, and the network editor
refuses the shapes the settings refuse: each range, step, list of choices and
limit is written once, in playground/settings.py."""

from __future__ import annotations

import pytest
from ui_support import OFFSCREEN_NOISE

from playground.engine.errors import InputError
from playground.settings import MAX_HIDDEN_LAYERS, MAX_NEURONS, check_hidden_layer_count, check_neuron_count, spec
from playground.ui.controls import RunBar
from playground.ui.data_panel import DataPanel
from playground.ui.shape_controls import shape_allows

pytestmark = OFFSCREEN_NOISE


def _items(box) -> list:
    return [box.itemData(i) for i in range(box.count())]


def test_every_control_offers_the_table_s_range_and_choices(qtbot):
    bar, panel = RunBar(), DataPanel()
    qtbot.addWidget(bar)
    qtbot.addWidget(panel)
    for key in ("activation", "regularization", "optimizer", "problem"):
        assert tuple(_items(getattr(bar, key))) == tuple(spec(key).choices), key
    for key in ("learning_rate", "regularization_rate"):
        assert [float(v) for v in _items(getattr(bar, key))] == list(spec(key).presets), key
        assert all(spec(key).low <= v <= spec(key).high for v in spec(key).presets), key
    assert tuple(panel.dataset_buttons) == tuple(spec("dataset").choices)
    for key in ("train_percent", "noise"):
        slider, entry = getattr(panel, key), spec(key)
        assert (slider.minimum(), slider.maximum(), slider.singleStep()) == (entry.low, entry.high, entry.step), key
    assert (panel.batch_size.minimum(), panel.batch_size.maximum()) == (spec("batch_size").low,
                                                                        spec("batch_size").high)
    # a patience of 0 is the unchecked early-stopping box: the box itself starts at 1
    assert (panel.patience.minimum(), panel.patience.maximum()) == (max(1, spec("patience").low),
                                                                    spec("patience").high)


def test_the_ratio_of_training_data_reaches_the_table_s_100_percent(qtbot):
    panel = DataPanel()
    qtbot.addWidget(panel)
    sent = []
    panel.command.connect(lambda name, args: sent.append((name, args)))
    panel.train_percent.setValue(100)
    assert sent == [("set_setting", {"key": "train_percent", "value": 100.0})]


def test_the_shape_limits_and_their_messages_are_the_settings():
    check_neuron_count(MAX_NEURONS)
    check_hidden_layer_count(MAX_HIDDEN_LAYERS)
    with pytest.raises(InputError, match=f"^a layer holds at most {MAX_NEURONS} neurons, to stay readable$"):
        check_neuron_count(MAX_NEURONS + 1)
    with pytest.raises(InputError, match=f"^at most {MAX_HIDDEN_LAYERS} hidden layers, to stay readable$"):
        check_hidden_layer_count(MAX_HIDDEN_LAYERS + 1)
    assert shape_allows(check_neuron_count, MAX_NEURONS) == (True, "")
    assert shape_allows(check_neuron_count, MAX_NEURONS + 1) == \
        (False, f"a layer holds at most {MAX_NEURONS} neurons, to stay readable")
