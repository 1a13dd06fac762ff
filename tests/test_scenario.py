"""Model files: inheritance, overrides, and one clear error per kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.paths import default_model_path
from optimiser.scenario import (
    load_model_file,
    parse_override,
    resolve_scenario,
    settable_keys,
)

BUILT_IN_SCENARIOS = {
    "baseline",
    "hourly-green",
    "green-100",
    "own-supply-green",
    "no-corridor-power",
    "surplus-sale",
    "provincial-plans",
    "provincial-plans-within",
    "carbon-price",
    "efficient-chips",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
name: test
base:
  policy:
    green_share_target: 0.5
scenarios:
  a:
    description: first
    changes: {}
  b:
    parent: a
    changes:
      policy: {green_accounting: hourly}
  c:
    parent: b
    changes:
      demand: {scale: 2.0}
"""


def test_built_in_model_has_the_documented_scenarios() -> None:
    model = load_model_file(default_model_path())
    assert set(model.scenarios) >= BUILT_IN_SCENARIOS
    for name in model.scenarios:
        resolve_scenario(default_model_path(), name)


def test_built_in_scenarios_change_what_they_say() -> None:
    path = default_model_path()
    assert resolve_scenario(path, "baseline").settings.policy.green_share_target == 0.8
    assert resolve_scenario(path, "hourly-green").settings.policy.green_accounting == "hourly"
    assert resolve_scenario(path, "green-100").settings.policy.green_share_target == 1.0
    assert resolve_scenario(path, "efficient-chips").settings.demand.it_power_scale == 0.85
    assert resolve_scenario(path, "carbon-price").settings.policy.carbon_price_cny_per_tco2 > 0
    own = resolve_scenario(path, "own-supply-green").settings.policy
    assert own.green_accounting == "hourly_own_supply"
    assert resolve_scenario(path, "no-corridor-power").settings.network.corridor_capacity_scale == 0


def test_scenarios_inherit_along_the_chain(tmp_path: Path) -> None:
    resolved = resolve_scenario(write(tmp_path, MINIMAL), "c")
    assert resolved.settings.policy.green_share_target == 0.5  # from base
    assert resolved.settings.policy.green_accounting == "hourly"  # from b
    assert resolved.settings.demand.scale == 2.0  # its own


def test_overrides_apply_last(tmp_path: Path) -> None:
    resolved = resolve_scenario(
        write(tmp_path, MINIMAL),
        "c",
        [
            "policy.green_share_target=0.9",
            "network.corridor_capacity_scale=0",
            "parameters.discount_rate=0.08",
            "policy.carbon_cap_tco2_per_year=null",
        ],
    )
    settings = resolved.settings
    assert settings.policy.green_share_target == 0.9
    assert settings.network.corridor_capacity_scale == 0.0
    assert settings.parameters == {"discount_rate": 0.08}
    assert resolved.overrides["policy.green_share_target"] == 0.9


def test_a_province_s_clean_firm_volume_is_set_on_the_command_line(tmp_path: Path) -> None:
    resolved = resolve_scenario(
        write(tmp_path, MINIMAL),
        "c",
        ["supply.nuclear_volume_mw.guangdong=500", "supply.hydro_volume_mw.sichuan=1200"],
    )
    assert resolved.settings.supply.nuclear_volume_mw == {"guangdong": 500.0}
    assert resolved.settings.supply.hydro_volume_mw == {"sichuan": 1200.0}


def test_required_keys_are_settable() -> None:
    keys = {key for key, *_ in settable_keys()}
    assert {
        "policy.green_share_target",
        "policy.green_accounting",
        "policy.carbon_price_cny_per_tco2",
        "network.corridor_capacity_scale",
        "demand.scale",
    } <= keys
    for _key, _type, _default, description in settable_keys():
        assert description


BAD_MODELS = [
    ("name: x\nbase: {\nscenarios: {}", "malformed YAML"),
    (
        MINIMAL.replace("green_share_target: 0.5", "green_share_targets: 0.5"),
        "base.policy.green_share_targets: unknown key",
    ),
    (MINIMAL.replace("scale: 2.0", "scale: lots"), "scenarios.c.changes.demand.scale"),
    (
        MINIMAL.replace("green_share_target: 0.5", "green_share_target: 80"),
        "was a percentage given",
    ),
    (MINIMAL.replace("scale: 2.0", "scale: -1"), "greater than or equal to 0"),
    (MINIMAL.replace("scale: 2.0", "scale: .nan"), "scenarios.c.changes.demand.scale"),
    (MINIMAL.replace("parent: a", "parent: zz"), "parent scenario 'zz' does not exist"),
    (
        MINIMAL.replace("description: first", "description: first\n    parent: c"),
        "inheritance cycle",
    ),
    (
        MINIMAL.replace("green_accounting: hourly", "green_accounting: weekly"),
        "scenarios.b.changes.policy.green_accounting",
    ),
    ("- just\n- a list\n", "expected a mapping"),
]


@pytest.mark.parametrize(("text", "words"), BAD_MODELS)
def test_bad_model_file_names_file_and_key(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        resolve_scenario(path, "c")
    assert str(path) in str(raised.value)
    assert words in str(raised.value)


def test_unknown_scenario_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown scenario 'zz'; known: a, b, c"):
        resolve_scenario(write(tmp_path, MINIMAL), "zz")


@pytest.mark.parametrize(
    ("override", "words"),
    [
        ("policy.green_share_targt=0.9", "--set: policy.green_share_targt: unknown key"),
        ("policy.green_share_target=80", "was a percentage given"),
        ("policy.green_share_target", "expected KEY=VALUE"),
        ("demand.scale=inf", "demand.scale"),
        ("latency.max_rtt_ms=fast", "latency.max_rtt_ms"),
        ("maps.review_nuber=GS(2024)1234号", "maps.review_nuber: unknown key"),
        ("maps.review_number=审图号：GS(2024)1234号", "give the number alone ('GS(2024)1234号')"),
        ('maps.review_number="GS(2024)1234号\\nGS(2024)1235号"', "one line"),
        ("maps.review_number=2024", "valid string"),
    ],
)
def test_bad_override_names_the_key(tmp_path: Path, override: str, words: str) -> None:
    with pytest.raises(InputError, match="--set") as raised:
        resolve_scenario(write(tmp_path, MINIMAL), "a", [override])
    assert words in str(raised.value)


def test_a_map_review_number_is_kept_exactly_as_given(tmp_path: Path) -> None:
    resolved = resolve_scenario(
        write(tmp_path, MINIMAL), "a", ["maps.review_number=GS(2024)1234号"]
    )
    assert resolved.settings.maps.review_number == "GS(2024)1234号"
    assert resolve_scenario(write(tmp_path, MINIMAL), "a").settings.maps.review_number is None


def test_override_values_are_read_as_yaml() -> None:
    assert parse_override("policy.certificates_allowed=false") == (
        "policy.certificates_allowed",
        False,
    )
    assert parse_override("sites.exclude=[lhasa, karamay]") == (
        "sites.exclude",
        ["lhasa", "karamay"],
    )


MISTYPED = {
    # override: (source named, words of the suggestion)
    "policy.green_shar=0.9": ("--set", "did you mean 'policy.green_share_target'"),
    "sites.exclude=[zhongwie]": ("--set", "did you mean 'zhongwei'"),
    "network.exclude_corridors=[ximeng_taizou]": ("--set", "did you mean 'ximeng_taizhou'"),
    "network.province_grid_headroom_mw.anhiu=10": ("--set", "did you mean 'anhui'"),
    "parameters.discount_rat=0.1": ("--set", "did you mean 'discount_rate'"),
}


@pytest.mark.parametrize("override", list(MISTYPED))
def test_mistyped_keys_and_ids_get_a_suggestion_and_blame_set(override: str) -> None:
    from optimiser.data.catalogue import load_catalogue
    from optimiser.lp.inputs import prepare_inputs

    source, words = MISTYPED[override]
    with pytest.raises(InputError) as caught:
        resolved = resolve_scenario(default_model_path(), "baseline", [override])
        prepare_inputs(load_catalogue(), resolved)
    assert caught.value.source == source
    assert words in str(caught.value)


def test_an_id_in_the_model_file_is_blamed_on_the_model_file(tmp_path: Path) -> None:
    from optimiser.data.catalogue import load_catalogue
    from optimiser.lp.inputs import prepare_inputs

    text = default_model_path().read_text(encoding="utf-8")
    path = tmp_path / "model.yaml"
    path.write_text(text.replace("base:\n", "base:\n  sites:\n    exclude: [zhongwie]\n", 1))
    resolved = resolve_scenario(path, "baseline", ["demand.scale=1.1"])
    with pytest.raises(InputError, match="did you mean 'zhongwei'") as caught:
        prepare_inputs(load_catalogue(), resolved)
    assert caught.value.source == str(path.resolve())


def test_unknown_scenario_suggests_the_closest() -> None:
    with pytest.raises(InputError, match=r"'hourly-gren' \(did you mean 'hourly-green'"):
        resolve_scenario(default_model_path(), "hourly-gren")


def test_a_scenario_of_another_built_in_model_names_that_model(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"built-in model pathway-2030: dcsite solve pathway-2"):
        resolve_scenario(default_model_path(), "high-growth")
    # A model file of one's own hears of the built-in models too, and keeps its own names.
    own = tmp_path / "own.yaml"
    own.write_text("name: own\nscenarios:\n  no-new-corridor: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'tibet-gba-delayed' is a scenario of .* pathway-2030"):
        resolve_scenario(own, "tibet-gba-delayed")
    with pytest.raises(InputError, match=r"did you mean 'no-new-corridor' or 'no-new-corridors' "):
        resolve_scenario(own, "no-new-corridr")
