"""Every shot of every bundled lesson, rendered as a teacher asks for it
(`playground shot NAME`), is whole (none blank, each step's picture different
from the step before) and matches its golden image (golden.py says how)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from golden import GOLDEN, MISMATCH, compare, half, pixels, save_pixels, updating
from ui_support import OFFSCREEN_NOISE

from playground.bundled import LESSONS, package_file
from playground.cli import main
from playground.lesson import load_lesson

pytestmark = OFFSCREEN_NOISE
TRAINING = ("train", "train_until")


def trains(lesson, index: int) -> bool:
    """Whether step ``index`` is set up by training (its own actions or those it continues from)."""
    _, actions = lesson.replay(index)
    return any(key in action for action in actions for key in TRAINING)


@pytest.mark.parametrize("name", LESSONS)
def test_every_shot_of_a_bundled_lesson_is_whole_and_matches_its_golden_image(name, tmp_path, qapp, capsys):
    assert main(["shot", name, "--out", str(tmp_path)]) == 0, "a bundled lesson by its name"
    lesson = load_lesson(package_file("lessons", f"{name}.json"))
    expected = [shot.file for step in lesson.steps for shot in step.shots]
    assert [p.rsplit("/", 1)[-1] for p in capsys.readouterr().out.split()] == expected
    previous, mismatches = {}, []
    for index, step in enumerate(lesson.steps):
        for shot in step.shots:
            image = pixels(tmp_path / shot.file)
            if shot.part == "window":
                assert image.shape[:2] == (round(shot.size[1] * shot.scale), round(shot.size[0] * shot.scale))
            assert len(np.unique(image.view(np.uint32))) > 50, f"{shot.file} is blank"  # colours, one word each
            if shot.part in previous:
                assert not np.array_equal(image, previous[shot.part]), \
                    f"{shot.file}: the same picture as the step before"
            previous[shot.part] = image
            problem = compare(tmp_path / shot.file, GOLDEN / name / shot.file, exact=not trains(lesson, index))
            if problem:
                mismatches.append(problem)
    assert mismatches == [], "\n".join(mismatches)
    if not updating():
        kept = sorted(p.name for p in (GOLDEN / name).iterdir())
        assert kept == sorted(expected), "a reference for each shot, and none for a shot that is gone"


def test_a_changed_region_fails_the_comparison_and_writes_the_new_and_diff_images(tmp_path, monkeypatch):
    # compared, never renewed: under `make update-shots` this test wrote its magenta
    # region into 03-xor's reference
    monkeypatch.delenv("PLAYGROUND_UPDATE_SHOTS", raising=False)
    reference = GOLDEN / "03-xor" / "03-1-no-hidden.png"
    full = np.repeat(np.repeat(pixels(reference), 2, axis=0), 2, axis=1)  # what a shot of that size would be
    assert compare(save_pixels(full, tmp_path / "same.png"), reference, exact=True) is None
    full[100:140, 200:260] = (255, 0, 255, 255)  # one region of 20 × 30 reference pixels
    problem = compare(save_pixels(full, tmp_path / "changed.png"), reference, exact=True)
    assert problem is not None and "600 pixels" in problem, problem
    new, diff = MISMATCH / "03-xor" / "03-1-no-hidden.png", MISMATCH / "03-xor" / "03-1-no-hidden.diff.png"
    assert f"new: {new}" in problem and f"diff: {diff}" in problem
    assert np.array_equal(pixels(new), half(full))
    marked = np.all(pixels(diff) == (220, 0, 0, 255), axis=2)
    assert marked.sum() == 600 and marked[50:70, 100:130].all()
    assert compare(tmp_path / "changed.png", reference, exact=False) is None, "0.1 % is within a training step's"
    shutil.rmtree(MISMATCH / "03-xor")
