"""Your own data from CSV: what is accepted, what each problem looks like, and one
clear line for everything that is not."""

import pytest

from playground.csv_data import MAX_ROWS, load_csv
from playground.engine.errors import InputError


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_two_classes_with_a_header(tmp_path):
    data = load_csv(write(tmp_path, "x1,x2,label\n1,2,0\n-1,0.5,1\n3,3,1\n"))
    assert data.problem == "classification" and data.classes == 2
    assert data.points.tolist() == [[1, 2], [-1, 0.5], [3, 3]] and data.values.tolist() == [0, 1, 1]


def test_minus_one_and_one_labels_without_header(tmp_path):
    data = load_csv(write(tmp_path, "1,2,-1\n-1,0.5,1\n"))
    assert data.classes == 2 and data.values.tolist() == [0, 1]


def test_three_classes_regression_and_function(tmp_path):
    assert load_csv(write(tmp_path, "0,0,0\n1,1,1\n2,2,2\n")).problem == "multiclass"
    regression = load_csv(write(tmp_path, "0,0,0.5\n1,1,-0.25\n"))
    assert regression.problem == "regression" and regression.values.tolist() == [0.5, -0.25]
    function = load_csv(write(tmp_path, "x,y\n-1,0.1\n0,0.2\n1,0.3\n"))
    assert function.problem == "function" and function.points.shape == (3, 1)


def test_semicolons_and_blank_lines(tmp_path):
    data = load_csv(write(tmp_path, "1;2;0\n\n3;4;1\n"))
    assert data.points.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("text, message", [
    ("x1,x2,label\n1,2,0\n1,two,1\n", "line 3, column 2: expected a number, got 'two'"),
    ("", "at least two rows"),
    ("x1,x2,label\n", "at least two rows"),
    ("1,2,3,4\n5,6,7,8\n", "expected 3 columns"),
    ("1,2,0\n1,2\n", "line 2: expected 3 columns, got 2"),
    ("1,2,0\n1,nan,1\n", "finite"),
])
def test_bad_files_name_the_line_and_column(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_csv(write(tmp_path, text))


def test_a_million_rows_is_refused_early(tmp_path):
    path = tmp_path / "big.csv"
    row = "0.5,0.5,1\n"
    path.write_text(row * 1_000_000)
    with pytest.raises(InputError, match=f"more than {MAX_ROWS:,} rows"):
        load_csv(path)


def test_missing_directory_and_binary(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_csv(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        load_csv(tmp_path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="not a text file"):
        load_csv(binary)
