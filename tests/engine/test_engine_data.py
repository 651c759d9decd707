"""Built-in data sets and input features: shapes, the [-6, 6] plane, class
balance, what each label or target means, noise, determinism by seed, and the
input checks; the seven canonical features computed by hand.
"""

import numpy as np
import pytest

from playground.engine.data import BUMPS, DATASETS, PLANE_RADIUS, generate, reg_gauss_target, split
from playground.engine.errors import InputError
from playground.engine.features import PLANE_FEATURES, check_inputs, feature_matrix, is_plain

CLASSES = {"circle": 2, "xor": 2, "gauss": 2, "spiral": 2, "moons": 2, "three-class": 3, "spiral-3": 3}
PROBLEMS = {**{name: "classification" for name, k in CLASSES.items() if k == 2},
            "three-class": "multiclass", "spiral-3": "multiclass",
            "reg-plane": "regression", "reg-gauss": "regression",
            "sine": "function", "step": "function", "bumps": "function"}


def test_the_canonical_data_sets_exist_with_their_problems():
    assert {name: info.problem for name, info in DATASETS.items()} == PROBLEMS


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_shape_range_and_labels(name):
    d = generate(name, n=301, noise=0, seed=4)
    one_d = PROBLEMS[name] == "function"
    assert d.points.shape == (301, 1 if one_d else 2) and d.values.shape == (301,)
    assert d.problem == PROBLEMS[name] and len(d) == 301
    assert np.all(np.isfinite(d.points)) and np.all(np.isfinite(d.values))
    assert np.all(np.abs(d.points) <= PLANE_RADIUS)
    if name in CLASSES:
        k = CLASSES[name]
        assert d.classes == k and d.is_classification
        assert d.values.dtype.kind == "i" and set(np.unique(d.values)) == set(range(k))
    else:
        assert d.classes == 0 and not d.is_classification and d.values.dtype == float


@pytest.mark.parametrize("name", ["circle", "gauss", "spiral", "moons", "three-class", "spiral-3"])
def test_classes_are_balanced(name):
    # circle (without noise), the clouds, spirals and moons draw the same count per class
    counts = np.bincount(generate(name, n=500, noise=0, seed=2).values)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 500


def test_xor_is_roughly_balanced_and_labelled_by_quadrant():
    d = generate("xor", n=1000, noise=0, seed=2)
    x1, x2 = d.points.T
    assert np.array_equal(d.values, (x1 * x2 >= 0).astype(int))
    assert 0.45 < d.values.mean() < 0.55
    assert np.min(np.abs(d.points)) >= 0.3  # points are kept off the axes


def test_circle_labels_the_inner_disc_positive():
    d = generate("circle", n=400, noise=0, seed=3)
    r = np.hypot(*d.points.T)
    assert np.array_equal(d.values, (r < 2.5).astype(int))
    assert r[d.values == 1].max() <= 2.5 and r[d.values == 0].min() >= 3.5  # a gap between the classes


def test_label_noise_flips_some_circle_labels_but_keeps_the_points():
    clean = generate("circle", n=400, noise=0, seed=3)
    noisy = generate("circle", n=400, noise=30, seed=3)
    assert np.array_equal(clean.points, noisy.points)
    flipped = np.mean(clean.values != noisy.values)
    assert 0.02 < flipped < 0.4


def test_gauss_and_three_class_clouds_sit_at_their_centres():
    d = generate("gauss", n=2000, noise=0, seed=1)
    np.testing.assert_allclose(d.points[d.values == 0].mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(d.points[d.values == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(d.points[d.values == 1].std(axis=0), np.sqrt(0.5), rtol=0.1)
    d = generate("three-class", n=3000, noise=0, seed=1)
    for k, angle in enumerate(np.radians([90, 210, 330])):
        np.testing.assert_allclose(d.points[d.values == k].mean(axis=0),
                                   [3.5 * np.cos(angle), 3.5 * np.sin(angle)], atol=0.1)


def test_spiral_radius_grows_along_each_arm():
    d = generate("spiral", n=400, noise=0, seed=1)
    for label in (0, 1):
        r = np.hypot(*d.points[d.values == label].T)
        assert np.all(np.diff(r) > 0) and r.max() < 5.0


def test_regression_targets():
    d = generate("reg-plane", n=200, noise=0, seed=1)
    np.testing.assert_allclose(d.values, d.points.sum(axis=1) / 10, rtol=1e-15)
    d = generate("reg-gauss", n=200, noise=0, seed=1)
    np.testing.assert_array_equal(d.values, reg_gauss_target(d.points))
    assert np.all(np.abs(d.values) <= 1.0)


def test_reg_gauss_cones_by_hand():
    points = np.array([[-4, 2.5], [0, 2.5], [4, -2.5], [0, -1.5], [-4, -3.5], [-2, 0], [6, 0]], dtype=float)
    # centres have their sign at full height; 1 away from a centre (radius 2) half of it;
    # farther than 2 from every centre, nothing
    expected = [1.0, -1.0, -1.0, 0.5, -0.5, 0.0, 0.0]
    np.testing.assert_allclose(reg_gauss_target(points), expected, atol=1e-15)


def _bumps(x):
    s = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    return sum(h * (s(4 * (x - lo)) - s(4 * (x - hi))) for h, lo, hi in BUMPS)


@pytest.mark.parametrize("name,f", [("sine", np.sin), ("step", lambda x: (x >= 0).astype(float)),
                                    ("bumps", _bumps)])
def test_function_targets_and_their_noise(name, f):
    d = generate(name, n=2000, noise=0, seed=1)
    x = d.points[:, 0]
    np.testing.assert_allclose(d.values, f(x), atol=1e-12)
    assert x.min() < -5.9 and x.max() > 5.9
    noisy = generate(name, n=2000, noise=20, seed=1)  # noise 20 % is Gaussian with sd 0.2
    assert np.array_equal(noisy.points, d.points)
    assert np.std(noisy.values - f(x)) == pytest.approx(0.2, rel=0.1)


def test_bumps_has_three_bumps_of_the_stated_heights():
    assert _bumps(np.array([-3.5, 0.0, 3.75])) == pytest.approx([0.8, -0.5, 0.6], rel=0.05)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_same_seed_same_data_other_seed_other_data(name):
    a, b, c = generate(name, 100, 10, seed=7), generate(name, 100, 10, seed=7), generate(name, 100, 10, seed=8)
    assert np.array_equal(a.points, b.points) and np.array_equal(a.values, b.values)
    assert not np.array_equal(a.points, c.points)


@pytest.mark.parametrize("kwargs,field", [(dict(name="donut"), "donut"), (dict(name="circle", noise=-1), "noise"),
                                          (dict(name="circle", noise=101), "noise"),
                                          (dict(name="circle", n=0), "points")])
def test_generate_refuses_bad_input(kwargs, field):
    with pytest.raises(InputError, match=field):
        generate(**kwargs)


def test_split_shuffles_and_partitions():
    d = generate("spiral", n=333, noise=0, seed=1)
    s = split(d, 70, np.random.default_rng(0), validation_percent=10)
    assert (len(s.train), len(s.validation), len(s.test)) == (233 - 23, 23, 100)
    together = np.vstack([s.train.points, s.validation.points, s.test.points])
    assert sorted(map(tuple, together)) == sorted(map(tuple, d.points))
    # shuffled: the training part is not simply the first points of the set
    assert not np.array_equal(s.train.points, d.points[:len(s.train)])
    # labels travel with their points
    lookup = {tuple(p): v for p, v in zip(d.points, d.values)}
    assert all(lookup[tuple(p)] == v for p, v in zip(s.test.points, s.test.values))
    assert split(d, 70, np.random.default_rng(0)).validation is None


@pytest.mark.parametrize("train,validation", [(0, 0), (101, 0), (50, 100), (50, -1)])
def test_split_refuses_bad_percentages(train, validation):
    with pytest.raises(InputError, match="percent"):
        split(generate("circle", 50), train, np.random.default_rng(0), validation)


def test_all_for_training_leaves_an_empty_test_set():
    parts = split(generate("circle", 50), 100, np.random.default_rng(0))
    assert len(parts.train) == 50 and len(parts.test) == 0


# --- features ------------------------------------------------------------------------

def test_the_seven_features_by_hand():
    points = np.array([[1.5, -2.0], [0.0, 3.0], [-4.0, 0.5]])
    x1, x2 = points.T
    expected = {"x1": x1, "x2": x2, "x1^2": x1 ** 2, "x2^2": x2 ** 2, "x1*x2": x1 * x2,
                "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    assert set(PLANE_FEATURES) == set(expected)
    names = list(reversed(PLANE_FEATURES))  # any order: rows follow the inputs list
    m = feature_matrix(names, points)
    assert m.shape == (7, 3)
    for row, name in enumerate(names):
        np.testing.assert_array_equal(m[row], expected[name])


def test_the_line_feature():
    np.testing.assert_array_equal(feature_matrix(["x"], np.array([[1.0], [-2.0]])), [[1.0, -2.0]])


@pytest.mark.parametrize("inputs,one_d", [([], False), (["x"], False), (["x1", "x1"], False), (["x1"], True),
                                           (["a b"], None), (["x1", "t"], True)])
def test_check_inputs_refuses(inputs, one_d):
    with pytest.raises(InputError, match="inputs"):
        check_inputs(inputs, one_d)


@pytest.mark.parametrize("inputs,message", [
    (["x", "x1"], None),
    (["x2", "x1", "x2"], "inputs: the feature 'x2' is listed twice"),
    ([3], "inputs: expected feature names, got 3"),
    ([], "inputs: expected at least one input feature"),
    (["petal length"], "inputs: 'petal length' is not an input name; expected 1 to 32 letters, digits"),
    ([f"c{i}" for i in range(65)], "inputs: expected at most 64 inputs, got 65"),
])
def test_check_inputs_says_what_is_wrong(inputs, message):
    if message is None:  # x with x1 is not the line's x: both are plain columns
        assert check_inputs(inputs) == tuple(inputs) and is_plain(inputs)
        return
    with pytest.raises(InputError) as error:
        check_inputs(inputs)
    assert str(error.value).startswith(message)


def test_check_inputs_takes_plane_features_x_alone_or_plain_names():
    assert check_inputs(["sin(x2)", "x1"]) == ("sin(x2)", "x1") and not is_plain(["sin(x2)", "x1"])
    assert check_inputs(("x",)) == ("x",) and not is_plain(["x"])
    assert check_inputs(["x"], one_dimensional=True) == ("x",)
    with pytest.raises(InputError, match="expected x alone"):
        check_inputs(["x1"], one_dimensional=True)
    # the lecture's logistic-regression neuron: three plain inputs, x1 among them a column too
    assert check_inputs(["x0", "x1", "x2"], one_dimensional=False) == ("x0", "x1", "x2")
    assert is_plain(["x0", "x1", "x2"]) and is_plain(["x1", "x3"]) and is_plain(["petal_width"])


def test_plain_inputs_are_the_data_columns_as_given():
    points = np.array([[4.0, -2.0, 1.0], [0.5, 0.25, -3.0]])
    np.testing.assert_array_equal(feature_matrix(["x0", "x1", "x2"], points), points.T)
    # the same names on the plane would be computed features; here x1 is column 1, not the plane's x1
    with pytest.raises(InputError, match="the data has 3 columns, the inputs a, b need 2"):
        feature_matrix(["a", "b"], points)


def test_a_network_refuses_bad_input_names():
    from playground.engine.network import Network

    with pytest.raises(InputError, match="'radius!' is not an input name"):
        Network(("x1", "radius!"), [2, 1], ["sigmoid"], "bce")
    assert Network(("x1", "radius"), [2, 1], ["sigmoid"], "bce").inputs == ("x1", "radius")
    net = Network(("x1", "x2"), [2, 1], ["sigmoid"], "bce")
    with pytest.raises(InputError, match="listed twice"):
        net.with_inputs(["x1", "x1"], np.random.default_rng(0))
