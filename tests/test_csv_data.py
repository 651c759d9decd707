"""Your own data from CSV: what is accepted, what each problem looks like, and one
clear line for everything that is not."""

import time

import numpy as np
import pytest

from playground.csv_data import MAX_ROWS, load_csv, parse_csv, read_table
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


# --- your own table: n columns and a label (read_table) --------------------------------

def table(tmp_path, text, **options):
    return read_table(write(tmp_path, text), **options)


def test_n_columns_with_a_header_and_text_labels(tmp_path):
    t = table(tmp_path, "sepal length,sepal width,petal length,petal width,species\n"
                        "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n"
                        "4.9,3.0,1.4,0.2,setosa\n")
    assert t.inputs == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert t.label_name == "species" and t.label_column == 5
    assert t.class_names == ("setosa", "versicolor", "virginica")  # in order of first appearance
    assert t.problem == t.dataset.problem == "multiclass" and t.dataset.classes == 3
    assert t.dataset.points.shape == (4, 4) and t.dataset.points[1].tolist() == [7.0, 3.2, 4.7, 1.4]
    assert t.dataset.values.tolist() == [0, 1, 2, 0] and t.dataset.class_names == t.class_names
    assert not t.standardised and t.means == (0.0,) * 4 and t.scales == (1.0,) * 4
    assert t.summary() == ("4 rows: 4 inputs (sepal_length, sepal_width, petal_length, petal_width), label 'species' "
                           "with 3 classes (setosa, versicolor, virginica) → multi-class classification")


def test_without_a_header_the_inputs_are_x1_to_xn(tmp_path):
    # a first row with a text label over another text label is data, not a header
    t = table(tmp_path, "5.1,3.5,1.4,yes\n4.9,3.0,1.3,no\n4.7,3.2,1.5,yes\n")
    assert t.inputs == ("x1", "x2", "x3") and t.dataset.points.shape == (3, 3)
    assert t.class_names == ("yes", "no") and t.dataset.values.tolist() == [0, 1, 0]
    assert t.problem == "classification" and t.label_name == "column 4"
    assert t.summary() == "3 rows: 3 inputs (x1, x2, x3), label column 4 with 2 classes (yes, no) → classification"


def test_today_s_files_keep_their_meaning(tmp_path):
    plane = table(tmp_path, "1,2,0\n-1,0.5,1\n3,3,1\n")
    assert plane.inputs == ("x1", "x2") and plane.dataset.points.tolist() == [[1, 2], [-1, 0.5], [3, 3]]
    assert plane.class_names == ("0", "1") and plane.dataset.class_names == ()  # 0, 1: the classes' own numbers
    swapped = table(tmp_path, "X2,X1,label\n1,2,0\n3,4,1\n")  # headed x1, x2 in any order: the plane's
    assert swapped.inputs == ("x1", "x2") and swapped.dataset.points.tolist() == [[2, 1], [4, 3]]
    function = table(tmp_path, "time,height\n0,1.5\n1,2\n2,4\n")  # whole-number targets: still a function
    assert function.inputs == ("x",) and function.problem == "function" and function.label_name == "height"
    assert function.summary() == "3 rows: 1 input (x), target 'height' → 1-D function"
    named = table(tmp_path, "height,weight,label\n1,2,0\n3,4,1\n")
    assert named.inputs == ("height", "weight") and named.summary().startswith("2 rows: 2 inputs (height, weight), ")


def test_names_are_made_input_names_and_kept_apart_from_the_plane_s_features(tmp_path):
    t = table(tmp_path, "Größe (cm),Größe (cm),a-b c,,label\n1,2,3,4,0\n5,6,7,8,1\n")
    assert t.inputs == ("Grosse_(cm)", "Grosse_(cm)_2", "a_b_c", "x4")
    features = table(tmp_path, "x1,x2,x1*x2,label\n1,2,2,0\n3,4,12,1\n")  # all plane features: data columns
    assert features.inputs == ("x1_col", "x2_col", "x1*x2_col")
    one = table(tmp_path, "x,kind\n1,a\n2,b\n3,a\n")  # one input with classes: a column, not the line's x
    assert one.inputs == ("x_col",) and one.problem == "classification" and one.dataset.points.shape == (3, 1)


def test_quoted_fields_semicolons_tabs_and_blank_rows(tmp_path):
    quoted = table(tmp_path, '"a","b","colour"\n"1.5","2","red, dark"\n"-1","-2.5",blue\n')
    assert quoted.dataset.points.tolist() == [[1.5, 2], [-1, -2.5]] and quoted.class_names == ("red, dark", "blue")
    semicolons = table(tmp_path, "a;b;c;label;\n1;2;3;0;\n\n4;5;6;1;\n;;;;\n;;;;\n")  # Excel's empty rows
    assert semicolons.dataset.points.tolist() == [[1, 2, 3], [4, 5, 6]] and semicolons.inputs == ("a", "b", "c")
    tabs = table(tmp_path, "a\tb\tc\ty\n1\t2\t3\t0.5\n4\t5\t6\t-0.25\n")
    assert tabs.problem == "regression" and tabs.dataset.values.tolist() == [0.5, -0.25]


def test_decimal_commas_with_semicolons(tmp_path):
    t = table(tmp_path, "1,5;2,3;1\n-0,5;4;0\n")
    assert t.dataset.points.tolist() == [[1.5, 2.3], [-0.5, 4.0]] and t.dataset.values.tolist() == [1, 0]
    targets = table(tmp_path, "a\tb\tc\tpreis\n1\t2\t3\t0,5\n4\t5\t6\t1,25\n")
    assert targets.problem == "regression" and targets.dataset.values.tolist() == [0.5, 1.25]


@pytest.mark.parametrize("text, message", [
    ("1,5;2.5;1\n2;3;0\n", r"line 1, column 2: '2.5': a decimal point or a thousands separator\? The file writes "
                           r"decimal commas \(line 1, column 1: '1,5'\)"),
    ("a;b;c\n1.234,5;2;1\n2,5;3;0\n", r"line 2, column 1: expected a number, got '1.234,5' \(thousands separators"),
    ("a,b,c\n1,2,0\n1,\"1,5\",1\n", r"line 3, column 2: expected a number, got '1,5' \(a decimal comma\? With ',' "
                                    r"between the columns it cannot be told from a thousands separator"),
])
def test_decimal_commas_that_cannot_be_told_apart_are_refused_saying_why(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        table(tmp_path, text)


def test_up_to_ten_distinct_whole_numbers_are_classes(tmp_path):
    def labels(values):
        return table(tmp_path, "a,b,y\n" + "".join(f"{i},{i % 3},{v}\n" for i, v in enumerate(values)))
    seven = labels([0, 7, 1, 7])
    assert seven.class_names == ("0", "1", "7") and seven.dataset.values.tolist() == [0, 2, 1, 2]
    assert seven.problem == "multiclass" and seven.dataset.class_names == ("0", "1", "7")
    signs = labels([-1, 1, 1.0, -1])
    assert signs.problem == "classification" and signs.dataset.values.tolist() == [0, 1, 1, 0]
    eleven = labels(range(11))
    assert eleven.problem == "regression" and eleven.dataset.classes == 0 and eleven.dataset.values[-1] == 10.0
    decimals = labels([0, 0.5, 1, 1])
    assert decimals.problem == "regression"
    with pytest.raises(InputError, match=r"data.csv: label 'y' has 7 distinct whole numbers \(0, 1, 2, 3, 4, 5, 6\), "
                                         r"so 7 classes; Playground takes up to 6 classes \(more than 10 distinct"):
        labels(range(7))


def test_more_classes_than_colours_or_a_single_class_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"label 'kind' has 7 text labels \(a, b, c, d, e, f, g\), so 7 classes; "
                                         r"Playground takes up to 6 classes$"):
        table(tmp_path, "p,q,kind\n" + "".join(f"{i},{i},{k}\n" for i, k in enumerate("abcdefg")))
    with pytest.raises(InputError, match=r"label 'kind': every row has the class 'a'; a classification needs at "
                                         r"least 2 classes"):
        table(tmp_path, "p,q,kind\n1,2,a\n3,4,a\n")


def test_the_label_column_by_number_or_by_name(tmp_path):
    text = "species,a,b,c\nsetosa,1,2,3\nvirginica,4,5,6\n"
    by_number, by_name = table(tmp_path, text, label=1), table(tmp_path, text, label="Species")
    for t in (by_number, by_name, table(tmp_path, text, label="1")):
        assert t.label_column == 1 and t.label_name == "species" and t.inputs == ("a", "b", "c")
        assert t.dataset.points.tolist() == [[1, 2, 3], [4, 5, 6]] and t.class_names == ("setosa", "virginica")
    middle = table(tmp_path, "1,0.5,2\n3,1.5,4\n5,2.5,6\n", label=2)
    assert middle.problem == "regression" and middle.dataset.values.tolist() == [0.5, 1.5, 2.5]
    assert middle.inputs == ("x1", "x2") and middle.dataset.points.tolist() == [[1, 2], [3, 4], [5, 6]]


@pytest.mark.parametrize("text, label, message", [
    ("a,b,c\n1,2,0\n3,4,1\n", 4, r"data.csv: label column 4: expected 1 to 3 \(the file has 3 columns\)"),
    ("a,b,c\n1,2,0\n3,4,1\n", 0, r"label column 0: expected 1 to 3"),
    ("a,b,c\n1,2,0\n3,4,1\n", "kind", r"label 'kind': no such column; the columns are a, b, c"),
    ("1,2,0\n3,4,1\n", "kind", r"label 'kind': the file has no header row \(its first row is data\), so give the "
                               r"label column's number, 1 to 3"),
])
def test_a_label_column_that_is_not_there_is_named(tmp_path, text, label, message):
    with pytest.raises(InputError, match=message):
        table(tmp_path, text, label=label)


def test_standardised_inputs_with_their_means_and_scales(tmp_path):
    t = table(tmp_path, "a,b,c,y\n1,7,10,0\n3,7,20,1\n5,7,60,1\n", standardise=True)
    assert t.standardised and t.constant == ("b",)
    assert t.means == pytest.approx((3.0, 7.0, 30.0)) and t.scales == pytest.approx((8 ** 0.5 / 3 ** 0.5, 1.0,
                                                                                      (1400 / 3) ** 0.5))
    points = t.dataset.points
    assert points.mean(axis=0) == pytest.approx([0, 0, 0]) and points.std(axis=0) == pytest.approx([1, 0, 1])
    assert points[:, 0] == pytest.approx([-1.2247449, 0, 1.2247449]) and points[:, 1].tolist() == [0, 0, 0]
    assert t.summary().endswith("; inputs standardised (b constant: left at 0)")


@pytest.mark.parametrize("text, message", [
    ("a,b,c,d,y\n1,2,3,4,0\n1,2,3,four,1\n", r"data.csv: line 3, column 4: expected a number, got 'four'$"),
    ("a,b,c,d,y\n1,2,3,4,0\n\n1,2,,4,1\n", r"line 4, column 3: expected a number, got an empty cell$"),
    ("a,b,c,d,y\n1,2,3,4,0\n1,2,3,4,1,5\n", r"line 3: expected 5 columns, got 6 \(columns separated by ','\)$"),
    ("a;b;c;d;y\n1;2;3;4;0\n1;2;3;4\n", r"line 3: expected 5 columns, got 4 \(columns separated by ';'\)$"),
    ("a,b,c,d,y\n1,2,3,4,0\n1,2,1e999,4,1\n", r"line 3, column 3: expected a finite number, got inf$"),
    ("a,b,c,d,y\n1,2,3,4,0.5\n1,2,3,4,NA\n1,2,3,4,1.5\n", r"line 3, column 5: expected a number, got 'NA'$"),
    ("a,b,c,d,y\n1,2,3,4,x\n1,2,3,4,\"\"\n", r"line 3, column 5: expected a label, got an empty cell$"),
    ('a,b,y\n1,2,"two\nlines"\n3,4,b\n5,x,c\n', r"line 5, column 2: expected a number, got 'x'$"),  # lines, not rows
    ("1\n2\n3\n", r"line 1: expected at least 2 columns \(inputs and a label\), got 1"),
    (",".join(f"c{i}" for i in range(66)) + "\n" + ",".join("1" * 66) + "\n",
     r"line 1: 66 columns; Playground takes up to 64 inputs and a label$"),
])
def test_bad_rows_of_n_columns_are_named_by_line_and_column(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        table(tmp_path, text)


def test_spreadsheet_encodings(tmp_path):
    windows = tmp_path / "windows.csv"
    windows.write_bytes("Größe;Gewicht;Art\n1,5;2;groß\n2,5;3;klein\n".encode("cp1252"))
    t = read_table(windows)
    assert t.inputs == ("Grosse", "Gewicht") and t.class_names == ("groß", "klein")
    assert t.dataset.points.tolist() == [[1.5, 2], [2.5, 3]]
    unicode = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16 with a BOM, tabs between
    unicode.write_bytes("a\tb\tc\n1\t2\t0\n3\t4\t1\n".encode("utf-16"))
    assert read_table(unicode).dataset.points.tolist() == [[1, 2], [3, 4]]


def test_load_csv_keeps_to_the_plane_and_the_line(tmp_path):
    with pytest.raises(InputError, match=r"line 2: expected 3 columns \(x1,x2,label\) or 2 \(x,y\), got 5"):
        load_csv(write(tmp_path, "a,b,c,d,y\n1,2,3,4,0\n5,6,7,8,1\n"))
    with pytest.raises(InputError, match=r"line 2, column 2: expected a number, got 'a'"):
        load_csv(write(tmp_path, "x,y\n1,a\n2,b\n"))
    assert parse_csv(["x1;x2;label", "1,5;2;a", "3;4;b"], "lines").class_names == ("a", "b")


def test_a_million_rows_are_refused_in_a_moment_naming_the_limit(tmp_path):
    path = tmp_path / "million.csv"
    path.write_text("0.5,0.5,1\n" * 1_000_000)  # 10 MB: read, and its rows counted
    started = time.perf_counter()
    with pytest.raises(InputError, match=rf"million.csv: more than {MAX_ROWS:,} rows \(1,000,000 lines\); "
                                         rf"Playground takes up to {MAX_ROWS:,} points$"):
        read_table(path)
    took = time.perf_counter() - started
    print(f"1,000,000 rows refused in {took:.3f} s")
    assert took < 5  # a loose bound for a busy machine: it takes well under 2 s
    path.write_text("0.1234567,0.7654321,1\n" * 1_000_000)  # 22 MB: over the byte limit, never read
    with pytest.raises(InputError, match=rf"too large for a CSV file \(more than 16,777,216 bytes\); "
                                         rf"Playground takes up to {MAX_ROWS:,} rows \(points\)$"):
        read_table(path)


def test_the_most_rows_of_n_columns_read_in_well_under_a_second(tmp_path):
    rng = np.random.default_rng(3)
    values = rng.uniform(-6, 6, (MAX_ROWS, 4))
    kinds = np.array(["setosa", "versicolor", "virginica"])[rng.integers(0, 3, MAX_ROWS)]
    path = tmp_path / "iris.csv"
    path.write_text("a,b,c,d,species\n" + "".join(f"{a:.4f},{b:.4f},{c:.4f},{d:.4f},{k}\n"
                                                  for (a, b, c, d), k in zip(values, kinds)))
    started = time.perf_counter()
    t = read_table(path, standardise=True)
    took = time.perf_counter() - started
    print(f"{MAX_ROWS:,} rows of 4 inputs and a text label read in {took:.3f} s")
    assert took < 5  # a loose bound for a busy machine
    assert t.dataset.points.shape == (MAX_ROWS, 4) and set(t.class_names) == {"setosa", "versicolor", "virginica"}
    assert np.array(t.class_names)[t.dataset.values].tolist() == kinds.tolist()
    assert np.allclose(t.dataset.points.std(axis=0), 1) and t.means == pytest.approx(tuple(values.mean(axis=0)),
                                                                                         abs=1e-4)


def test_files_of_empty_lines_or_endless_rows_are_refused_before_the_csv_module_reads_them(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("x1,x2,label\n1,2,0\n" + "\n" * 1_200_000 + "3,4,1\n")
    with pytest.raises(InputError, match=r"1,200,003 lines, 3 of them not empty; Playground takes up to "
                                         r"100,000 rows \(points\) in at most 1,000,000 lines$"):
        read_table(path)
    path.write_text("a,b,label\n1,2,0\n" + ",".join(["1"] * 5000) + "\n")
    with pytest.raises(InputError, match=r"line 3: more than 1,000 separators; Playground takes up to 64 inputs "
                                         r"and a label$"):
        read_table(path)
