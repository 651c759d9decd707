"""Small lies in text files, caught: a JSON key given twice, a title that carries a
terminal escape sequence, CSV class labels not numbered 0 to k, one row past the
limit; and CSV as spreadsheets write it (quoted numbers, a trailing separator)
read as meant."""

from __future__ import annotations

import pytest
from hostile_support import run_limited

from playground.csv_data import MAX_ROWS, load_csv
from playground.engine.errors import InputError


def test_a_key_given_twice_is_refused_naming_it(tmp_path):
    path = tmp_path / "twice.json"
    path.write_text('{"format": "playground.scenario", "version": 1, "title": "a", "title": "b", "settings": {}}')
    ran = run_limited("info", path)
    assert ran.code == 2 and ran.err == f"playground: {path}: title: given twice in one object\n"


def test_info_shows_a_title_s_escape_sequence_instead_of_sending_it(tmp_path):
    path = tmp_path / "escape.json"
    path.write_text('{"format": "playground.scenario", "version": 1, "title": "\\u001b]0;pwned\\u0007 x", '
                    '"settings": {}}')
    ran = run_limited("info", path)
    assert ran.code == 0, ran.err
    title = next(line for line in ran.out.splitlines() if line.startswith("title"))
    assert title.endswith("\\x1b]0;pwned\\x07 x") and "\x1b" not in title


def test_csv_class_labels_not_numbered_0_to_k_are_classes_not_taken_for_a_regression(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n2,2,7\n3,3,1\n")
    data = load_csv(path)  # a few whole numbers are classes, in their order: 0, 1, 7
    assert data.problem == "multiclass" and data.class_names == ("0", "1", "7")
    assert data.values.tolist() == [0, 1, 2, 1]
    path.write_text("x1,x2,label\n" + "".join(f"{i},{i},{i}\n" for i in range(8)))
    with pytest.raises(InputError, match=r"8 distinct whole numbers .*Playground takes up to 6 classes"):
        load_csv(path)


def test_one_csv_row_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(MAX_ROWS + 1)))  # no header
    with pytest.raises(InputError, match=f"{MAX_ROWS + 1:,} rows; Playground takes up to {MAX_ROWS:,} points"):
        load_csv(path)
    path.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(MAX_ROWS)))
    assert len(load_csv(path).points) == MAX_ROWS


def test_quoted_numbers_and_a_trailing_separator_read_as_meant(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text('"x1","x2","label",\n"1.5","2",1,\n"-1","-2.5",0,\n')
    data = load_csv(path)
    assert data.points.tolist() == [[1.5, 2.0], [-1.0, -2.5]] and data.values.tolist() == [1, 0]


def test_unknown_fields_are_read_past_but_named_never_silently(tmp_path):
    path = tmp_path / "typo.json"
    path.write_text('{"format": "playground.scenario", "version": 1, "titel": "Monday", "settings": {}}')
    ran = run_limited("info", path)
    assert ran.code == 0, ran.err
    assert ran.err == f"playground: note: {path}: ignored 'titel': not a field of a scenario\n"
