"""Container images a repository runs: Dockerfile ``FROM``, docker-compose services, Helm charts.

Base images are deployment tooling, but a known service image (a database, a search engine, a
cache) is a run-time dependency of the product: the closed list decides which (ecosystem
``container``), with the tag as the version.
"""

from __future__ import annotations

import re
from typing import Any

from dpgcheck.facts.dependencies.model import DEPLOY, Dependency
from dpgcheck.parsing import safe_yaml_load

_FROM = re.compile(r"\s*FROM\s+(?:--\S+\s+)*(\S+)", re.IGNORECASE)
_DEFAULT = re.compile(r"\$\{\w+:?-([^}]*)\}")
MAX_DEPTH = 12
"""How deep Helm values are searched for ``image`` keys (charts nest a few levels)."""


def split_image(reference: str) -> tuple[str, str | None]:
    """``docker.io/library/mongo:6.0@sha256:…`` → (``mongo``, ``6.0``); no tag → (name, None).

    ``${VAR:-7.17}`` stands for its default; any other variable leaves the part unknown.
    """
    reference = _DEFAULT.sub(lambda m: m.group(1), reference.strip().strip("\"'"))
    reference = reference.split("@", 1)[0]
    name, tag = reference, None
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon > slash:
        name, tag = reference[:colon], reference[colon + 1 :] or None
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # a registry host
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
    if tag is not None and "$" in tag:
        tag = None
    return "/".join(parts).lower(), tag


def _line(text: str, needle: str) -> int | None:
    """The line of ``needle`` as an ``image`` value (a service may be named like its image)."""
    start = text.find(needle)
    while start >= 0:
        line_start = text.rfind("\n", 0, start) + 1
        if "image" in text[line_start:start] or "repository" in text[line_start:start]:
            return text.count("\n", 0, start) + 1
        start = text.find(needle, start + 1)
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def read_dockerfile(path: str, text: str) -> list[Dependency]:
    """Base images of a Dockerfile (``FROM elasticsearch:7.17`` names the service it builds on)."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _FROM.match(raw)
        if match:
            name, tag = split_image(match.group(1))
            found.append(Dependency("container", name, DEPLOY, path, number, tag))
    return found


def read_compose(path: str, text: str) -> list[Dependency]:
    """Images of a docker-compose file's services."""
    data = safe_yaml_load(text, path)
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    found = []
    for service in services.values():
        image = service.get("image") if isinstance(service, dict) else None
        if image:
            name, tag = split_image(str(image))
            found.append(Dependency("container", name, DEPLOY, path, _line(text, str(image)), tag))
    return found


def read_helm_values(path: str, text: str) -> list[Dependency]:
    """``image:`` entries of Helm values (``repository`` + ``tag``, or one ``name:tag`` string)."""
    data = safe_yaml_load(text, path)
    found: list[Dependency] = []
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, dict):
            image = node.get("image")
            if isinstance(image, str) and image:
                name, tag = split_image(image)
                found.append(Dependency("container", name, DEPLOY, path, _line(text, image), tag))
            elif isinstance(image, dict) and isinstance(image.get("repository"), str):
                repository = str(image["repository"])
                name, tag = split_image(repository)
                raw_tag = image.get("tag")
                tag = str(raw_tag) if raw_tag not in (None, "") else tag
                found.append(Dependency("container", name, DEPLOY, path, _line(text, repository), tag))
            pending.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            pending.extend((value, depth + 1) for value in node)
    return found


def read_chart(path: str, text: str) -> list[Dependency]:
    """A Helm Chart.yaml's sub-chart ``dependencies`` (a chart version says nothing of the app's)."""
    data = safe_yaml_load(text, path)
    deps = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(deps, list):
        return []
    return [
        Dependency("container", str(dep["name"]).lower(), DEPLOY, path, _line(text, str(dep["name"])), None)
        for dep in deps
        if isinstance(dep, dict) and dep.get("name")
    ]
