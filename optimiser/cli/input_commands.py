"""The commands on a run's inputs: check, scenarios, regions and profiles.

A model file and the catalogue checked without solving, a model's scenarios and settable
keys listed, the catalogue's sites shown and mapped, weather turned into profiles.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from optimiser.cli.guard import run_guarded
from optimiser.cli.options import ModelArgument, ReviewNumberOption, SetOption, model_path
from optimiser.terminal.consoles import console
from optimiser.terminal.input_checks import check_names


def check(
    model: ModelArgument = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Scenario(s) to check; default all."),
    ] = None,
    set_: SetOption = None,
) -> None:
    """Validate a model file and the catalogue without solving."""

    def action() -> None:
        from optimiser.scenario import load_model_file

        path = model_path(model)
        names = scenario or list(load_model_file(path).scenarios)
        check_names(model_path(model), names, set_ or [])
        from optimiser.data.catalogue import load_catalogue
        from optimiser.lp.pathway import prepare_pathway
        from optimiser.scenario import resolve_scenario

        for name in names:
            resolved = resolve_scenario(path, name, set_ or [])
            # Every period of a pathway is prepared, so a bad period change is found too.
            pathway = prepare_pathway(load_catalogue(resolved.catalogue_path), resolved)
            inputs = pathway.inputs[pathway.periods[-1]]
            periods = f"; periods {pathway.periods}" if len(pathway.periods) > 1 else ""
            console.print(
                f"[green]ok[/] {name}: {len(inputs.sites)} sites, "
                f"{len(inputs.regions)} regions, {len(inputs.hours)} hours, "
                f"{len(inputs.corridors)} corridors{periods}"
            )

    run_guarded(action)


def scenarios(model: ModelArgument = None) -> None:
    """List a model's scenarios and every settable key with its default."""

    def action() -> None:
        from optimiser.terminal.input_views import print_scenarios

        print_scenarios(model_path(model))

    run_guarded(action)


def regions(
    map_: Annotated[
        Path | None, typer.Option("--map", help="Draw the catalogue on a map (PNG/SVG/PDF).")
    ] = None,
    catalogue: Annotated[Path | None, typer.Option(help="Catalogue folder.")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing map file.")] = False,
    review_number: ReviewNumberOption = None,
) -> None:
    """Show the candidate sites of the data catalogue, and draw them on a map."""

    def action() -> None:
        from optimiser.data.catalogue import load_catalogue
        from optimiser.terminal.input_views import catalogue_table

        loaded = load_catalogue(catalogue)
        table = catalogue_table(loaded)
        console.print(table)
        if map_ is not None:
            from optimiser.maps.catalogue_map import draw_catalogue_map
            from optimiser.maps.draw import checked_review_number

            written = draw_catalogue_map(
                loaded,
                map_,
                overwrite=overwrite,
                review_number=checked_review_number(review_number),
            )
            console.print(f"map written to [bold]{written}[/]")

    run_guarded(action)


def profiles_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write (new).")],
    epw: Annotated[
        Path | None,
        typer.Option("--epw", help="Folder of EPW (or CSV) station files, a typical year each."),
    ] = None,
    era5: Annotated[
        Path | None, typer.Option("--era5", help="An ERA5 cutout (.nc) made with atlite.")
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option("--year", help="ERA5: calendar year to convert, repeatable (default all)."),
    ] = None,
    max_distance_km: Annotated[
        float, typer.Option(help="EPW: farthest a station may be from its site, in km.")
    ] = 300.0,
    catalogue: Annotated[
        Path | None, typer.Option(help="Catalogue folder of the sites (default: built-in).")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
) -> None:
    """Turn real weather into solar and wind profiles, calibrated to full-load hours."""

    def action() -> None:
        from rich.table import Table

        from optimiser.data.catalogue import load_catalogue
        from optimiser.data.weather import OUTPUT_FILES, write_weather_profiles
        from optimiser.errors import InputError, OutputError

        if (epw is None) == (era5 is None):
            raise InputError("--epw/--era5", "", "give exactly one weather source")
        if year and era5 is None:
            raise InputError("--year", "", "applies to --era5 only (a typical year has no year)")
        if out.exists() and not overwrite:
            raise OutputError(f"{out}: already exists; choose another --out or pass --overwrite")
        started = time.perf_counter()
        sites = load_catalogue(catalogue)
        if era5 is not None:
            from optimiser.data.weather_era5 import era5_profiles

            profiles = era5_profiles(era5, sites, years=year)
        else:
            from optimiser.data.weather_stations import station_profiles

            assert epw is not None
            profiles = station_profiles(epw, sites, max_distance_km=max_distance_km)
        written = write_weather_profiles(profiles, out, overwrite=overwrite)
        table = Table("site", "weather", "km", "solar ×", "wind speed ×")
        for site, row in profiles.calibration.iterrows():
            table.add_row(
                str(site),
                escape(str(row["weather_source"])),
                f"{row['distance_km']:.0f}",
                f"{row['solar_multiplier']:.3f}",
                f"{row['wind_speed_multiplier']:.3f}",
            )
        console.print(table)
        years = profiles.solar.get("weather_year")
        span = "a typical year" if years is None else f"years {', '.join(map(str, years.unique()))}"
        console.print(
            f"profiles of {len(profiles.calibration)} sites ({span}) written to [bold]{written}[/] "
            f"({time.perf_counter() - started:.1f} s); use them with --set "
            f"profiles.solar_capacity_factor_csv={written / OUTPUT_FILES['solar']} and "
            f"profiles.wind_capacity_factor_csv={written / OUTPUT_FILES['wind']}",
            highlight=False,
        )

    run_guarded(action)
