"""The window's controls by TensorFlow Playground's names (and ours), for what a
lesson or a link hides or locks (lesson.py keeps the same list, without Qt, to
check lesson files)."""

from __future__ import annotations


def control_widgets(window) -> dict[str, list]:
    """The controls a lesson or a TensorFlow Playground link may hide, by its names."""
    rb, dp, ed = window.run_bar, window.data_panel, window.editor
    def boxed(w):
        return w.parentWidget()  # the labelled box around a run-bar or data control
    datasets = list(dp.dataset_buttons.values())
    return {
        "activation": [boxed(rb.activation)], "learningRate": [boxed(rb.learning_rate)],
        "regularization": [boxed(rb.regularization)], "regularizationRate": [boxed(rb.regularization_rate)],
        "optimizer": [boxed(rb.optimizer)], "problem": [boxed(rb.problem)],
        "speed": [boxed(rb.speed.parentWidget())],
        "batchSize": [boxed(dp.batch_size)], "noise": [boxed(dp.noise)], "percTrainData": [boxed(dp.train_percent)],
        "dataset": datasets, "regDataset": datasets, "showTestData": [dp.show_test],
        "discretize": [dp.discretize], "regenerate": [dp.regenerate], "playButton": [rb.play_button],
        "stepButton": [rb.step_button], "resetButton": [rb.reset_button, rb.reset_same_button],
        "numHiddenLayers": [ed], "epoch": [boxed(rb.epoch)],
    }
