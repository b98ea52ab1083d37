"""A small typed plugin registry: name -> factory.

Built-in plugins register exactly the way a third-party package does. A *plugin* is a callable
``register(registry) -> None``, named by an entry-point value such as ``"package.module:register"``.
Built-ins are listed in a ``DEFAULT_PLUGINS`` tuple next to the registry they feed (as datasette does);
a third-party package declares the same kind of callable under the registry's entry-point group::

    [project.entry-points."phigate.recognizers"]
    xyz = "phigate_recognizers_xyz:register"

Both are loaded through :class:`importlib.metadata.EntryPoint`, on first use, once. Loading fails
closed: a plugin that cannot be imported, is not callable, raises, or registers a name twice is a
:class:`~phigate.errors.RegistryError`, and the registry keeps none of that load's names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from phigate.errors import RegistryError

__all__ = ["Registry"]

T = TypeVar("T")

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class Registry(Generic[T]):
    """Plugins of one kind (recognizers, transforms, formats, key providers), by name.

    ``kind`` names the plugin kind in error messages, ``group`` is the entry-point group third-party
    packages use, and ``defaults`` are the built-in plugins as entry-point values (``module:attr``).
    """

    def __init__(self, kind: str, *, group: str, defaults: Iterable[str] = ()) -> None:
        self.kind = kind
        self.group = group
        self.defaults: tuple[str, ...] = tuple(defaults)
        self._factories: dict[str, Callable[[], T]] = {}
        self._lock = threading.RLock()
        self._loaded = False

    def register(self, name: str, factory: Callable[[], T]) -> None:
        """Add ``factory`` under ``name``. A malformed or already registered name is an error."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise RegistryError(f"invalid {self.kind} name {name!r}: use lowercase letters, digits, . _ -")
        if not callable(factory):
            raise RegistryError(f"{self.kind} {name!r}: factory is not callable")
        with self._lock:
            if name in self._factories:
                raise RegistryError(f"{self.kind} {name!r} is registered twice")
            self._factories[name] = factory

    def load_plugins(self) -> None:
        """Run every built-in and installed plugin's ``register`` once (idempotent, thread-safe)."""
        with self._lock:
            if self._loaded:
                return
            before = dict(self._factories)
            plugins = [EntryPoint(name=value, value=value, group=self.group) for value in self.defaults]
            plugins += sorted(entry_points(group=self.group), key=lambda ep: (ep.name, ep.value))
            try:
                for plugin in plugins:
                    self._run_plugin(plugin)
            except BaseException:
                self._factories = before
                raise
            self._loaded = True

    def _run_plugin(self, plugin: EntryPoint) -> None:
        try:
            hook = plugin.load()
        except Exception as exc:
            raise RegistryError(
                f"{self.kind} plugin {plugin.name!r} cannot be loaded: {type(exc).__name__}"
            ) from exc
        if not callable(hook):
            raise RegistryError(f"{self.kind} plugin {plugin.name!r} is not callable")
        try:
            hook(self)
        except RegistryError:
            raise
        except Exception as exc:
            raise RegistryError(f"{self.kind} plugin {plugin.name!r} failed: {type(exc).__name__}") from exc

    def names(self) -> tuple[str, ...]:
        """Every registered name, sorted."""
        self.load_plugins()
        with self._lock:
            return tuple(sorted(self._factories))

    def factory(self, name: str) -> Callable[[], T]:
        """The factory registered under ``name``; an unknown name is a ``RegistryError``."""
        self.load_plugins()
        with self._lock:
            try:
                return self._factories[name]
            except KeyError:
                known = ", ".join(sorted(self._factories)) or "none"
                raise RegistryError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def create(self, name: str) -> T:
        """A new instance from the factory registered under ``name``."""
        factory = self.factory(name)
        try:
            return factory()
        except RegistryError:
            raise
        except Exception as exc:
            raise RegistryError(f"{self.kind} {name!r} cannot be created: {type(exc).__name__}") from exc

    def __contains__(self, name: object) -> bool:
        self.load_plugins()
        with self._lock:
            return name in self._factories
