"""The bundled lessons are package data (playground/lessons/, read through
importlib.resources): `playground lessons` lists them by name, `open` and `shot`
take a name where a path would go (an existing path wins), and a missing one is
an error that says so, never an empty Lessons menu."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import ROOT, run

from playground import bundled
from playground.bundled import LESSONS, MissingPackageFile, bundled_lessons, lesson_or_path
from playground.engine.errors import InputError
from playground.lesson import load_lesson


def test_the_lessons_live_in_the_package_and_are_all_listed():
    folder = ROOT / "playground" / "lessons"
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(LESSONS), "every file is listed, in order"
    assert bundled_lessons() == [folder / f"{name}.json" for name in LESSONS]
    assert not (ROOT / "resources" / "lessons").exists(), "resources/ keeps only what the repository shows"


def test_lessons_json_lists_every_bundled_lesson_with_its_title_and_steps():
    r = run("lessons", "--json")
    assert r.code == 0, r.err
    expected = [{"name": p.stem, "title": load_lesson(p).title, "steps": len(load_lesson(p).steps)}
                for p in bundled_lessons()]
    assert r.json() == expected and len(expected) == 12
    assert expected[2] == {"name": "03-xor", "title": "XOR needs a hidden layer", "steps": 3}


def test_lessons_prints_a_line_per_lesson():
    r = run("lessons")
    assert r.code == 0 and len(r.out.splitlines()) == 12
    assert r.out.splitlines()[2].split() == ["03-xor", "XOR", "needs", "a", "hidden", "layer", "(3", "steps)"]


def test_a_missing_bundled_lesson_is_an_error_not_an_empty_menu(monkeypatch):
    monkeypatch.setattr(bundled, "LESSONS", LESSONS + ("12-missing",))
    with pytest.raises(MissingPackageFile, match="12-missing.json: a file Playground ships is missing"):
        bundled.bundled_lessons()


def test_a_name_stands_for_its_lesson_and_an_existing_path_wins(tmp_path, monkeypatch):
    assert lesson_or_path("03-xor") == str(bundled.package_file("lessons", "03-xor.json"))
    assert lesson_or_path("03-xor.json") == lesson_or_path("03-xor")
    monkeypatch.chdir(tmp_path)
    Path("03-xor").write_text(json.dumps({"format": "playground.scenario", "version": 1, "settings": {}}))
    assert lesson_or_path("03-xor") == "03-xor", "a file of that name in the working folder wins"
    assert lesson_or_path("https://playground.tensorflow.org/#dataset=xor").startswith("https:")


def test_an_unknown_name_is_refused_in_one_line_naming_the_command_that_lists_them():
    with pytest.raises(InputError, match="no bundled lesson of that name .`playground lessons` lists them"):
        lesson_or_path("3-xor")
    r = run("shot", "3-xor", "--out", "x")
    assert r.code == 2 and len(r.err_lines) == 1 and "3-xor: no such file" in r.err
