"""A table of your own data for the tests: three Gaussian clusters in 4-D."""

from __future__ import annotations

import csv

import numpy as np

SPECIES = ("setosa", "versicolor", "virginica")


def write_clusters(path, label_first: bool = False, seed: int = 0) -> None:
    """Three Gaussian clusters in 4-D from a fixed seed, 600 rows, a text label."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0, 0, 0], [3, 3, 0, 0], [0, 3, 3, 3]], dtype=float)
    labels = np.repeat(np.arange(3), 200)
    points = centres[labels] + rng.normal(size=(600, 4))
    with open(path, "w", newline="") as f:
        out = csv.writer(f, delimiter=";")
        header = ["sepal", "petal", "stem", "leaf"]
        out.writerow(["species", *header] if label_first else [*header, "species"])
        for row, label in zip(points, labels):
            cells = [f"{v:.5f}".replace(".", ",") for v in row]  # decimal commas, as European spreadsheets
            out.writerow([SPECIES[label], *cells] if label_first else [*cells, SPECIES[label]])
