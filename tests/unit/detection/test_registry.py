from __future__ import annotations

import threading
from pathlib import Path

import pytest

from phigate.detection import RECOGNIZERS, build_detector
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin import DEFAULT_PLUGINS
from phigate.errors import RegistryError
from phigate.model import Category
from phigate.registry import Registry

GROUP = "phigate.test-recognizers"


class Widget:
    def __init__(self, label: str = "w") -> None:
        self.label = label


def test_register_create_and_list() -> None:
    reg: Registry[Widget] = Registry("widget", group=GROUP)
    reg.register("b-one", Widget)
    reg.register("a.two", lambda: Widget("two"))
    assert reg.names() == ("a.two", "b-one")
    assert reg.create("a.two").label == "two"
    assert reg.factory("b-one") is Widget
    assert "b-one" in reg and "nope" not in reg


@pytest.mark.parametrize("name", ["", "Upper", "with space", "-lead", "x" * 65, 3])
def test_invalid_names_are_refused(name: object) -> None:
    reg: Registry[Widget] = Registry("widget", group=GROUP)
    with pytest.raises(RegistryError, match="invalid widget name"):
        reg.register(name, Widget)  # type: ignore[arg-type]


def test_duplicate_unknown_and_uncallable() -> None:
    reg: Registry[Widget] = Registry("widget", group=GROUP)
    reg.register("w", Widget)
    with pytest.raises(RegistryError, match="registered twice"):
        reg.register("w", Widget)
    with pytest.raises(RegistryError, match=r"unknown widget 'x' \(known: w\)"):
        reg.create("x")
    with pytest.raises(RegistryError, match="not callable"):
        reg.register("v", "not a factory")  # type: ignore[arg-type]


def test_a_factory_that_fails_is_a_registry_error() -> None:
    reg: Registry[Widget] = Registry("widget", group=GROUP)

    def broken() -> Widget:
        raise ValueError("boom")

    reg.register("broken", broken)
    with pytest.raises(RegistryError, match="cannot be created: ValueError") as info:
        reg.create("broken")
    assert isinstance(info.value.__cause__, ValueError)


def _plugin_package(tmp_path: Path, body: str, *, module: str = "xyz_plugin", group: str = GROUP) -> Path:
    """A real installed distribution on disk: a module and a dist-info with an entry point."""
    (tmp_path / f"{module}.py").write_text(body, encoding="utf-8")
    info = tmp_path / "phigate_recognizers_xyz-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: phigate-recognizers-xyz\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{group}]\nxyz = {module}:register\n", encoding="utf-8")
    return tmp_path


PLUGIN = """
from phigate.detection.base import Match
from phigate.model import Category


class XyzRecognizer:
    id = "xyz-codes"
    version = "1"
    categories = frozenset({Category.ID})

    def find(self, text):
        start = text.find("XYZ-")
        if start >= 0:
            yield Match(start, start + 8, Category.ID, 0.9)


def register(registry):
    registry.register(XyzRecognizer.id, XyzRecognizer)
"""


def test_third_party_entry_point_registers_like_a_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(_plugin_package(tmp_path, PLUGIN, group="phigate.recognizers")))
    reg: Registry[Recognizer] = Registry("recognizer", group="phigate.recognizers", defaults=DEFAULT_PLUGINS)
    names = reg.names()
    assert "xyz-codes" in names and "us-ssn" in names
    detector = build_detector(["xyz-codes", "us-ssn"], registry=reg)
    text = "code XYZ-1234, SSN 123-45-6789"
    assert [(text[f.start : f.end], f.recognizer) for f in detector.find_text(text)] == [
        ("XYZ-1234", "xyz-codes"),
        ("123-45-6789", "us-ssn"),
    ]


def test_a_plugin_that_cannot_load_fails_closed_and_keeps_nothing(tmp_path: Path) -> None:
    reg: Registry[Widget] = Registry("widget", group=GROUP, defaults=["tests_no_such_module_abc:register"])
    reg.register("before", Widget)
    with pytest.raises(RegistryError, match="cannot be loaded: ModuleNotFoundError"):
        reg.load_plugins()
    with pytest.raises(RegistryError):
        reg.names()  # still not loaded: every use retries and fails again
    assert "before" in reg._factories


def test_a_plugin_that_raises_or_duplicates_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dup_plugin.py").write_text(
        "def register(registry):\n    registry.register('one', object)\n"
        "    registry.register('one', object)\n"
        "def boom(registry):\n    registry.register('two', object)\n    raise KeyError('x')\n"
        "notcallable = 5\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for value, message in [
        ("dup_plugin:register", "registered twice"),
        ("dup_plugin:boom", "failed: KeyError"),
        ("dup_plugin:notcallable", "is not callable"),
    ]:
        reg: Registry[object] = Registry("thing", group=GROUP, defaults=[value])
        with pytest.raises(RegistryError, match=message):
            reg.load_plugins()
        assert reg._factories == {}


def test_plugins_load_once_under_concurrency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "count_plugin.py").write_text(
        "import time\nCALLS = []\n"
        "def register(registry):\n    CALLS.append(1)\n    time.sleep(0.05)\n"
        "    registry.register('c', object)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    reg: Registry[object] = Registry("thing", group=GROUP, defaults=["count_plugin:register"])
    threads = [threading.Thread(target=reg.names) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    import count_plugin  # type: ignore[import-not-found]

    assert count_plugin.CALLS == [1]
    assert reg.names() == ("c",)


def test_builtins_are_listed_as_entry_point_values() -> None:
    assert DEFAULT_PLUGINS
    for value in DEFAULT_PLUGINS:
        module, _, attr = value.partition(":")
        assert module.startswith("phigate.detection.builtin.") and attr == "register"
    assert RECOGNIZERS.group == "phigate.recognizers"


class _Mislabelled:
    id = "other-name"
    version = "1"
    categories = frozenset({Category.ID})

    def find(self, text: str) -> list[Match]:
        return []


def test_build_detector_checks_names_and_ids() -> None:
    reg: Registry[Recognizer] = Registry("recognizer", group=GROUP)
    reg.register("mislabelled", _Mislabelled)
    reg.register("not-a-recognizer", object)
    with pytest.raises(RegistryError, match="does not build a Recognizer"):
        build_detector(["mislabelled"], registry=reg)
    with pytest.raises(RegistryError, match="does not build a Recognizer"):
        build_detector(["not-a-recognizer"], registry=reg)
    with pytest.raises(RegistryError, match="unknown recognizer"):
        build_detector(["mislabelled"], exclude=["nope"], registry=reg)
