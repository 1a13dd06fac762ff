"""The common base of every settings block: strict keys, no NaN or infinity.

Every block of a model file is a pydantic model built on :class:`Settings`, so an unknown
key or a number that is not finite is an error, never silently ignored.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Settings(BaseModel):
    """Common configuration of every settings block: strict keys, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)
