"""Built-in recognizers, one per module. Each module has a ``register(registry)`` plugin hook.

``DEFAULT_PLUGINS`` lists them as entry-point values, loaded exactly like a third-party package's
``phigate.recognizers`` entry points (see :mod:`phigate.registry`). Add a line here for a new module.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PLUGINS"]

DEFAULT_PLUGINS: tuple[str, ...] = (
    "phigate.detection.builtin.dates:register",
    "phigate.detection.builtin.age:register",
    "phigate.detection.builtin.phone:register",
    "phigate.detection.builtin.email:register",
    "phigate.detection.builtin.ssn:register",
    "phigate.detection.builtin.mrn:register",
    "phigate.detection.builtin.health_plan:register",
    "phigate.detection.builtin.account:register",
    "phigate.detection.builtin.license:register",
    "phigate.detection.builtin.vehicle:register",
    "phigate.detection.builtin.device:register",
    "phigate.detection.builtin.url:register",
    "phigate.detection.builtin.ip:register",
    "phigate.detection.builtin.biometric:register",
    "phigate.detection.builtin.photo:register",
    "phigate.detection.builtin.other_id:register",
    "phigate.detection.builtin.names:register",
    "phigate.detection.builtin.places:register",
    "phigate.detection.builtin.facilities:register",
    "phigate.detection.builtin.zip_codes:register",
    "phigate.detection.builtin.table_cells:register",
)
