"""Planning a batch: inputs, outputs, and the checks that keep inputs safe."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from phigate.batch import STDIN, plan_batch
from phigate.batch.plan import collect_inputs
from phigate.errors import ConfigError


def tree(root: Path) -> Path:
    (root / "notes" / "sub").mkdir(parents=True)
    (root / "notes" / "a.txt").write_text("a")
    (root / "notes" / "sub" / "b.txt").write_text("b")
    (root / "notes" / ".hidden").write_text("h")
    (root / "notes" / ".git").mkdir()
    (root / "notes" / ".git" / "c.txt").write_text("c")
    (root / "single.txt").write_text("s")
    return root


def test_folders_recurse_in_order_and_skip_hidden_names(tmp_path: Path) -> None:
    tree(tmp_path)
    plan = plan_batch([str(tmp_path / "notes"), str(tmp_path / "single.txt")], tmp_path / "out")
    assert [j.relative for j in plan.jobs] == [
        PurePosixPath("a.txt"),
        PurePosixPath("sub/b.txt"),
        PurePosixPath("single.txt"),
    ]
    assert plan.problems == ()


def test_missing_paths_and_collisions_are_per_file_problems(tmp_path: Path) -> None:
    tree(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "a.txt").write_text("again")
    (tmp_path / "other" / "manifest.jsonl").write_text("{}")
    plan = plan_batch(
        [str(tmp_path / "notes"), str(tmp_path / "other"), str(tmp_path / "missing.txt")], tmp_path / "out"
    )
    problems = dict(plan.problems)
    assert problems[str(tmp_path / "missing.txt")] == "no such file or folder"
    assert "already taken" in problems[str(tmp_path / "other" / "a.txt")]
    assert "the manifest" in problems[str(tmp_path / "other" / "manifest.jsonl")]
    assert len(plan.jobs) == 2


@pytest.mark.parametrize("out", ["notes", "notes/out", "notes/sub/deeper"])
def test_an_output_folder_inside_an_input_folder_is_refused(tmp_path: Path, out: str) -> None:
    tree(tmp_path)
    with pytest.raises(ConfigError, match="inside the input folder"):
        plan_batch([str(tmp_path / "notes")], tmp_path / out)


def test_an_output_that_would_overwrite_an_input_is_refused(tmp_path: Path) -> None:
    tree(tmp_path)
    with pytest.raises(ConfigError, match="overwrite an input"):
        plan_batch([str(tmp_path / "notes" / "a.txt")], tmp_path / "notes" / "sub" / "..")


def test_usage_errors(tmp_path: Path) -> None:
    tree(tmp_path)
    with pytest.raises(ConfigError, match="no input"):
        plan_batch([], tmp_path / "out")
    with pytest.raises(ConfigError, match="only once"):
        plan_batch([STDIN, STDIN], None)
    with pytest.raises(ConfigError, match="--out DIR is required"):
        plan_batch([str(tmp_path / "single.txt")], None)
    with pytest.raises(ConfigError, match="not a folder"):
        plan_batch([str(tmp_path / "notes")], tmp_path / "single.txt")


def test_stdin_needs_no_output_folder() -> None:
    plan = plan_batch([STDIN], None)
    assert [j.is_stdin for j in plan.jobs] == [True] and plan.out_dir is None
    jobs, problems = collect_inputs([STDIN])
    assert jobs[0].name == "stdin" and problems == []
