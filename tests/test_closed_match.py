"""Finding a dependency's entry in the closed list: by ecosystem, exact names and globs, first entry wins."""

from __future__ import annotations

from dpgcheck.facts.dependencies.closed import _entry_finder, match_closed
from dpgcheck.facts.dependencies.model import Dependency

ENTRIES = [
    {"ecosystem": "npm", "names": ["highcharts", "highcharts-*"], "reason": "first"},
    {"ecosystem": "npm", "names": ["highcharts-more", "@amcharts/*"], "reason": "second"},
    {"ecosystem": "maven", "names": ["com.oracle.jdbc:*", "com.oracle:ojdbc8"], "reason": "maven"},
    {"ecosystem": "pypi", "name": "Boto[3]", "reason": "bracket class"},
    {"ecosystem": "go", "names": ["cloud.google.com/go*"], "reason": "go"},
]


def test_first_entry_of_the_ecosystem_whose_pattern_matches() -> None:
    find = _entry_finder(ENTRIES)
    reason = lambda eco, name: (find(eco, name) or {}).get("reason")  # noqa: E731
    # "highcharts-more" is named by the second entry but the first one's glob matches it first.
    assert reason("npm", "highcharts-more") == "first"
    assert reason("npm", "highcharts") == "first"
    assert reason("npm", "@amcharts/core") == "second"
    assert reason("npm", "com.oracle:ojdbc8") is None  # another ecosystem's name
    assert reason("maven", "com.oracle:ojdbc8") == "maven"
    assert reason("maven", "com.oracle:ojdbc11") is None
    assert reason("maven", "com.oracle.jdbc:ucp") == "maven"
    assert reason("pypi", "boto3") == "bracket class" and reason("pypi", "boto[3]") is None
    assert reason("go", "cloud.google.com/go/storage") == "go"
    assert reason("cargo", "highcharts") is None


def test_match_closed_decides_names_case_insensitively() -> None:
    deps = [
        Dependency("npm", "HighCharts-Export", "runtime", "package.json", 3, "1.0"),
        Dependency("npm", "left-pad", "runtime", "package.json", 4, "1.0"),
    ]
    found = match_closed(deps, ENTRIES)
    assert [(c.dependency.name, c.reason) for c in found] == [("HighCharts-Export", "first")]
