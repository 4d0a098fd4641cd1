"""Base class for scenario parts: strict, finite, and typo-proof."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class StrictModel(BaseModel):
    """A frozen pydantic model that refuses unknown fields and NaN or infinity.

    An unknown field is reported with the fields that are allowed, so a typo
    such as ``cuont`` is caught and explained instead of silently ignored.
    """

    model_config = ConfigDict(frozen=True, allow_inf_nan=False, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(cls.model_fields))
            if unknown:
                allowed = ", ".join(cls.model_fields)
                raise ValueError(f"unknown field {unknown[0]!r} (allowed: {allowed})")
        return data
