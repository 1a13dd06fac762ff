"""The ``maps`` block: what the maps print besides the plan; nothing here changes the plan."""

from __future__ import annotations

from pydantic import Field, field_validator

from optimiser.settings.base import Settings

REVIEW_NUMBER_LABELS = ("审图号", "Map review number")
"""Labels the maps print before a review number themselves, so a number may not start with them."""


class MapSettings(Settings):
    """What the maps print besides the plan; nothing here changes the plan."""

    review_number: str | None = Field(
        None,
        min_length=1,
        max_length=40,
        description="Maps only: the map review number (审图号) issued for these maps by the "
        "map review of the Ministry of Natural Resources (or of a province), e.g. "
        "`GS(2024)1234号`, printed exactly "
        "as given at each map's lower left after the label 审图号 (Chinese maps) or Map review "
        "number (English); null prints none. dcsite's maps are not reviewed: give one only "
        "for maps that were (docs/maps.md).",
    )

    @field_validator("review_number")
    @classmethod
    def _one_line_without_label(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.strip() or value != value.strip() or len(value.splitlines()) > 1:
            msg = "a review number is one line of text, without leading or trailing spaces"
            raise ValueError(msg)
        label = next((label for label in REVIEW_NUMBER_LABELS if value.startswith(label)), None)
        if label is not None:
            number = value.removeprefix(label).lstrip(":： ")
            msg = f"give the number alone ({number!r}): the maps print the label {label!r}"
            raise ValueError(msg)
        return value
