"""Write the labelled license corpus (tests/data/license-corpus/) from the SPDX texts we ship.

The SPDX reference texts (tests/data/licenses/, CC0) are the base; every variation below is
written here: filled-in copyright lines, reflowing, Markdown and reStructuredText, preambles and
appendices, files holding two licenses, source headers, near-duplicates, and files that are not
licenses but mention them. ``labels.yaml`` maps each file to the SPDX ids it holds ([] means
"no license": any id reported for it is wrong).

Re-run after changing a variation:  python bench/make_license_corpus.py
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests" / "data" / "licenses"
OUT = ROOT / "tests" / "data" / "license-corpus"


def text(spdx_id: str) -> str:
    return (TEXTS / f"{spdx_id}.txt").read_text(encoding="utf-8")


def fill(body: str) -> str:
    """Put a real copyright line where the template has placeholders."""
    body = re.sub(r"<year>|\[yyyy\]|\[year\]|<YEAR>", "2019-2024", body)
    return re.sub(
        r"<copyright holders>|<owner>|<COPYRIGHT HOLDER>|\[fullname\]|\[name of copyright owner\]",
        "Jane Doe and the Clinic Registry contributors",
        body,
    )


def reflow(body: str, width: int = 60) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


def markdown(title: str, body: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    out = [f"# {title}", ""]
    for paragraph in paragraphs:
        stripped = paragraph.strip()
        if stripped.isupper() and len(stripped) < 80:
            out.append(f"## {stripped.title()}")
        elif re.match(r"^\d+\.", stripped):
            out.append(re.sub(r"^(\d+)\.\s*", r"\1. ", " ".join(stripped.split())))
        else:
            out.append(" ".join(stripped.split()))
        out.append("")
    return "\n".join(out)


def rst(title: str, body: str) -> str:
    underline = "=" * len(title)
    indented = "\n".join(("    " + line) if line.strip() else "" for line in body.splitlines())
    head = f"{underline}\n{title}\n{underline}\n\n:Copyright: 2024 Jane Doe\n\n"
    return f"{head}.. code-block:: text\n\n{indented}\n"


def without_title(body: str) -> str:
    return body.split("\n", 1)[1] if "\n" in body else body


APACHE_HEADER = """/*
 * Copyright 2024 The Clinic Registry Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
"""

GPL3_NOTICE = """    Clinic Registry: a registry of health facilities.
    Copyright (C) 2024  Jane Doe

    This program is free software: you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    This program is distributed in the hope that it will be useful,
    but WITHOUT ANY WARRANTY; without even the implied warranty of
    MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
    GNU General Public License for more details.

    You should have received a copy of the GNU General Public License
    along with this program.  If not, see <https://www.gnu.org/licenses/>.
"""

README = """# Clinic Registry

A registry of health facilities for ministries of health. It is used in four countries.

## Installation

    pip install clinic-registry

## Usage

Run `clinic-registry serve` and open http://localhost:8000. Data exports are CSV and JSON.
Some datasets you import may be under the Open Database License or CC-BY-NC; check their terms.

## License

This project is licensed under the Apache License 2.0 - see the [LICENSE](LICENSE) file. The
documentation is under CC-BY-4.0. We previously used the GPL, and MIT for the client.
"""

CONTRIBUTING = """# Contributing

Thanks for helping! By submitting a pull request you agree that your contribution is licensed
under the same terms as the project (the MIT License), and that you have the right to license it.
Do not copy code released under the GNU General Public License or the AGPL into this
repository, and do not add dependencies under the Server Side Public License, the Business
Source License or any Creative Commons NonCommercial license.

## Developer Certificate of Origin

Sign off every commit (`git commit -s`). Run `make test` before you push.
"""

CHANGELOG = """# Changelog

## 2.0.0
- Relicensed from GPL-2.0 to MIT (see LICENSE).
- The Redistribution and use in source and binary forms of the docs is now allowed.

## 1.4.0
- Dropped the dependency on an SSPL-licensed database.
"""

NOTICE = """Clinic Registry
Copyright 2019-2024 The Clinic Registry Authors

This product includes software developed at The Apache Software Foundation
(http://www.apache.org/).

This product bundles Leaflet, which is available under a "2-clause BSD" license.
"""

CODE_OF_CONDUCT = """# Code of Conduct

We pledge to make participation in our community a harassment-free experience for everyone.
Examples of behaviour that contributes to a positive environment include using welcoming
language and respecting differing viewpoints. Instances of abusive behaviour may be reported to
the maintainers at conduct@example.org. This Code of Conduct is adapted from the Contributor
Covenant, version 2.1, and is itself licensed under CC-BY-4.0.
"""

SECURITY = """# Security Policy

Report vulnerabilities privately to security@example.org. We answer within three working days
and publish an advisory once a fix is released. Supported versions: 2.x. The software is
provided "as is", without warranty of any kind; see LICENSE for the full terms.
"""

README_WORDS = """# Permission helper

Permission is hereby granted to any user of this tool to configure their own permission
rules. Redistribution of the generated files in source and binary forms is up to you.
THE SOFTWARE IS PROVIDED "AS IS", as the MIT license of this repository says: see LICENSE.

## Usage

    permission-helper grant --user alice --role admin
"""

PROPRIETARY = """Copyright (c) 2024 Acme Health Systems Ltd. All rights reserved.

This software and its documentation are proprietary and confidential. No part of it may be
copied, modified, distributed or used, in source or binary form, without the prior written
permission of Acme Health Systems Ltd. Unauthorised use is prohibited and will be prosecuted.
"""

COMMONS_CLAUSE = """"Commons Clause" License Condition v1.0

The Software is provided to you by the Licensor under the License, as defined below, subject to
the following condition.

Without limiting other conditions in the License, the grant of rights under the License will not
include, and the License does not grant to you, the right to Sell the Software.

For purposes of the foregoing, "Sell" means practicing any or all of the rights granted to you
under the License to provide to third parties, for a fee or other consideration (including
without limitation fees for hosting or consulting/ support services related to the Software), a
product or service whose value derives, entirely or substantially, from the functionality of the
Software. Any license notice or attribution required by the License must also include this
Commons Clause License Condition notice.

Software: Clinic Registry
License: Apache 2.0
Licensor: Acme Health Systems Ltd.

"""


def cases() -> dict[str, tuple[str, list[str]]]:
    """file name → (content, expected SPDX ids)."""
    out: dict[str, tuple[str, list[str]]] = {}
    plain = [p.stem for p in sorted(TEXTS.glob("*.txt"))]
    for spdx_id in plain:
        out[f"plain/{spdx_id}.txt"] = (text(spdx_id), [spdx_id])
    for spdx_id in (
        "MIT",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "MIT-0",
        "0BSD",
        "Apache-2.0",
        "BSD-4-Clause",
    ):
        out[f"copyright/{spdx_id}.txt"] = (fill(text(spdx_id)), [spdx_id])
    for spdx_id in ("MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "MPL-2.0", "ISC", "CC-BY-4.0"):
        out[f"reflow/{spdx_id}.txt"] = (reflow(fill(text(spdx_id))), [spdx_id])
    out["crlf/MIT.txt"] = (fill(text("MIT")).replace("\n", "\r\n"), ["MIT"])
    out["markdown/MIT.md"] = (
        markdown("The MIT License (MIT)", fill(without_title(text("MIT")))).replace(
            "THE SOFTWARE IS PROVIDED", "**THE SOFTWARE IS PROVIDED"
        ),
        ["MIT"],
    )
    out["markdown/Apache-2.0.md"] = (markdown("Apache License", fill(text("Apache-2.0"))), ["Apache-2.0"])
    out["markdown/BSD-3-Clause.md"] = (
        markdown("BSD 3-Clause License", fill(text("BSD-3-Clause"))),
        ["BSD-3-Clause"],
    )
    out["markdown/GPL-3.0-only.md"] = (markdown("GNU GPL v3", text("GPL-3.0-only")), ["GPL-3.0-only"])
    out["markdown/CC-BY-NC-4.0.md"] = (markdown("CC BY-NC 4.0", text("CC-BY-NC-4.0")), ["CC-BY-NC-4.0"])
    out["rst/MIT.rst"] = (rst("MIT License", fill(without_title(text("MIT")))), ["MIT"])
    out["rst/BSD-2-Clause.rst"] = (rst("BSD 2-Clause License", fill(text("BSD-2-Clause"))), ["BSD-2-Clause"])
    html_body = "".join(f"<p>{p}</p>\n" for p in re.split(r"\n\s*\n", fill(text("Apache-2.0"))))
    out["html/Apache-2.0.html"] = (
        f"<html><body><h1>License</h1>\n{html_body}</body></html>\n",
        ["Apache-2.0"],
    )
    out["trimmed/Apache-2.0-no-appendix.txt"] = (text("Apache-2.0").split("APPENDIX")[0], ["Apache-2.0"])
    out["preamble/MIT.txt"] = (
        "Clinic Registry is distributed under the license below. Bundled third-party code under\n"
        "vendor/ keeps its own license; see the file in each directory.\n\n" + fill(text("MIT")),
        ["MIT"],
    )
    out["preamble/GPL-3.0-or-later.txt"] = (GPL3_NOTICE + "\n\n" + text("GPL-3.0-only"), ["GPL-3.0-or-later"])
    out["appendix/MIT.txt"] = (
        fill(text("MIT"))
        + "\n\nThe logo in assets/ is a trademark of Jane Doe and is not covered by this license.\n",
        ["MIT"],
    )
    out["dual/MIT-and-Apache-2.0-separator.txt"] = (
        "This project is dual-licensed: you may use it under either license below.\n\n"
        + fill(text("MIT"))
        + "\n\n--------------------------------------------------------------------------\n\n"
        + text("Apache-2.0"),
        ["MIT", "Apache-2.0"],
    )
    out["dual/Apache-2.0-and-MIT-titles.txt"] = (
        text("Apache-2.0") + "\n\n\nMIT License\n\n" + fill(without_title(text("MIT"))),
        ["Apache-2.0", "MIT"],
    )
    out["dual/GPL-2.0-and-BSD-3-Clause-markdown.md"] = (
        "# Licenses\n\nThe kernel module is GPL-2.0; the library is BSD-3-Clause.\n\n## GPL-2.0\n\n"
        + text("GPL-2.0-only")
        + "\n\n## BSD-3-Clause\n\n"
        + fill(text("BSD-3-Clause")),
        ["GPL-2.0-only", "BSD-3-Clause"],
    )
    out["dual/CC-BY-4.0-and-ODbL-1.0.txt"] = (
        text("CC-BY-4.0") + "\n\n======================================\n\n" + text("ODbL-1.0"),
        ["CC-BY-4.0", "ODbL-1.0"],
    )
    out["commons-clause/Apache-2.0.txt"] = (
        COMMONS_CLAUSE + text("Apache-2.0"),
        ["Apache-2.0", "LicenseRef-Commons-Clause"],
    )
    out["header/apache-header.java"] = (
        APACHE_HEADER + "package org.clinic;\n\nclass Registry {}\n",
        ["Apache-2.0"],
    )
    out["header/gpl3-notice.txt"] = (GPL3_NOTICE, ["GPL-3.0-or-later"])
    # Near-duplicates: the few words that tell them apart decide.
    bsd3 = fill(text("BSD-3-Clause"))
    out["near/BSD-3-without-endorsement-is-BSD-2.txt"] = (
        re.sub(r"\n\s*3\. Neither.*?permission\.\n", "\n", bsd3, flags=re.S),
        ["BSD-2-Clause"],
    )
    mit = fill(text("MIT"))
    out["near/MIT-without-notice-sentence.txt"] = (
        re.sub(
            r"The above copyright notice and this permission notice shall be included.*?Software\.\n",
            "",
            mit,
            flags=re.S,
        ),
        ["MIT-0"],
    )
    out["near/MIT-0-with-copyright.txt"] = (fill(text("MIT-0")), ["MIT-0"])
    out["near/LGPL-2.1-only.txt"] = (text("LGPL-2.1-only"), ["LGPL-2.1-only"])
    out["near/GPL-2.0-only.txt"] = (text("GPL-2.0-only"), ["GPL-2.0-only"])
    out["near/CC-BY-NC-4.0-first-third.txt"] = (
        text("CC-BY-NC-4.0")[: len(text("CC-BY-NC-4.0")) // 3],
        ["CC-BY-NC-4.0"],
    )
    out["near/CC-BY-ND-4.0-first-third.txt"] = (
        text("CC-BY-ND-4.0")[: len(text("CC-BY-ND-4.0")) // 3],
        ["CC-BY-ND-4.0"],
    )
    out["near/CC-BY-4.0-titled-NonCommercial.txt"] = (
        text("CC-BY-4.0").replace(
            "Attribution 4.0 International", "Attribution-NonCommercial 4.0 International"
        ),
        ["CC-BY-NC-4.0"],
    )
    out["near/CC-BY-4.0-titled-NoDerivatives.txt"] = (
        text("CC-BY-4.0").replace(
            "Attribution 4.0 International", "Attribution-NoDerivatives 4.0 International"
        ),
        ["CC-BY-ND-4.0"],
    )
    out["near/CC-BY-SA-4.0-reflowed.txt"] = (reflow(text("CC-BY-SA-4.0"), 72), ["CC-BY-SA-4.0"])
    out["near/CC-BY-NC-SA-4.0-reflowed.txt"] = (reflow(text("CC-BY-NC-SA-4.0"), 72), ["CC-BY-NC-SA-4.0"])
    out["near/BSD-4-Clause-copyright.txt"] = (fill(text("BSD-4-Clause")), ["BSD-4-Clause"])
    out["near/AGPL-3.0-reflowed.txt"] = (reflow(text("AGPL-3.0-only"), 66), ["AGPL-3.0-only"])
    out["markdown/Unlicense.md"] = ("# The Unlicense\n\n" + text("Unlicense"), ["Unlicense"])
    out["markdown/LGPL-2.1-only.md"] = (
        "# GNU Lesser General Public License v2.1\n\n" + text("LGPL-2.1-only"),
        ["LGPL-2.1-only"],
    )
    out["copyright/MIT-with-spdx-line.txt"] = (
        "SPDX-License-Identifier: MIT\n\n" + fill(text("MIT")),
        ["MIT"],
    )
    out["copyright/BSD-3-Clause-named-holder.txt"] = (
        fill(text("BSD-3-Clause")).replace(
            "Neither the name of the copyright holder", "Neither the name of Acme Health Inc."
        ),
        ["BSD-3-Clause"],
    )
    out["copyright/Apache-2.0-appendix-filled.txt"] = (
        text("Apache-2.0").replace("[yyyy] [name of copyright owner]", "2024 Jane Doe"),
        ["Apache-2.0"],
    )
    out["copyright/MIT-project-name.txt"] = (
        fill(text("MIT"))
        .replace('the "Software"', 'the "Clinic Registry"')
        .replace("the Software", "the Clinic Registry"),
        ["MIT"],
    )
    out["trimmed/GPL-3.0-without-how-to-apply.txt"] = (
        text("GPL-3.0-only").split("How to Apply These Terms")[0],
        ["GPL-3.0-only"],
    )
    out["dual/Apache-2.0-with-third-party-notices.txt"] = (
        fill(text("Apache-2.0"))
        + "\n\nTHIRD-PARTY SOFTWARE NOTICES\n\nThis product bundles leaflet, under the following license:\n\n"
        + "BSD 2-Clause License\n\n"
        + fill(text("BSD-2-Clause"))
        + "\n\nThis product bundles tinyqueue, under the following license:\n\nISC License\n\n"
        + fill(without_title(text("ISC"))),
        ["Apache-2.0", "BSD-2-Clause", "ISC"],
    )
    out["dual/MIT-and-SSPL-1.0.txt"] = (
        fill(text("MIT")) + "\n\n---\n\n" + text("SSPL-1.0"),
        ["MIT", "SSPL-1.0"],
    )
    out["near/CC-BY-SA-4.0-first-third.txt"] = (
        text("CC-BY-SA-4.0")[: len(text("CC-BY-SA-4.0")) // 3],
        ["CC-BY-SA-4.0"],
    )
    out["near/CC-BY-NC-SA-4.0-first-half.txt"] = (
        text("CC-BY-NC-SA-4.0")[: len(text("CC-BY-NC-SA-4.0")) // 2],
        ["CC-BY-NC-SA-4.0"],
    )
    out["trimmed/GPL-2.0-without-appendix.txt"] = (
        text("GPL-2.0-only").split("How to Apply These Terms")[0],
        ["GPL-2.0-only"],
    )
    lgpl3 = text("LGPL-3.0-only")
    out["trimmed/LGPL-3.0-without-the-GPL.txt"] = (
        lgpl3[: lgpl3.find("GNU GENERAL PUBLIC LICENSE")],
        ["LGPL-3.0-only"],
    )
    out["trimmed/EPL-2.0-without-exhibit.txt"] = (text("EPL-2.0").split("Exhibit A")[0], ["EPL-2.0"])
    out["near/GPL-2.0-reflowed.txt"] = (reflow(text("GPL-2.0-only"), 70), ["GPL-2.0-only"])
    out["not-license/CODE_OF_CONDUCT.md"] = (CODE_OF_CONDUCT, [])
    out["not-license/SECURITY.md"] = (SECURITY, [])
    out["not-license/README-with-permission-words.md"] = (README_WORDS, [])
    # Short files that name their license instead of holding its text.
    out["short/CC-BY-NC-4.0-notice.txt"] = (
        "This work is licensed under a Creative Commons Attribution-NonCommercial 4.0 International "
        "License. To view a copy of this license, visit http://creativecommons.org/licenses/by-nc/4.0/\n",
        ["CC-BY-NC-4.0"],
    )
    out["short/CC-BY-SA-4.0-link.md"] = (
        "Content: [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)\n",
        ["CC-BY-SA-4.0"],
    )
    out["short/spdx-expression.txt"] = ("SPDX-License-Identifier: Apache-2.0 OR MIT\n", ["Apache-2.0", "MIT"])
    out["short/MIT-one-line.txt"] = ("Released under the MIT License.\n", ["MIT"])
    out["not-license/all-rights-reserved.txt"] = ("Proprietary. All rights reserved.\n", [])
    # Not licenses at all: any id reported here is wrong.
    out["not-license/README.md"] = (README, [])
    out["not-license/CONTRIBUTING.md"] = (CONTRIBUTING, [])
    out["not-license/CHANGELOG.md"] = (CHANGELOG, [])
    out["not-license/NOTICE"] = (NOTICE, [])
    out["not-license/proprietary.txt"] = (PROPRIETARY, [])
    out["not-license/empty-ish.txt"] = ("License\n=======\n\nTo be decided.\n", [])
    return out


UNKNOWN_OK = (
    # Deliberately damaged or ambiguous texts: "unknown" is an acceptable answer, a wrong id is not.
    "near/MIT-without-notice-sentence.txt",
    "near/CC-BY-NC-4.0-first-third.txt",
    "near/CC-BY-ND-4.0-first-third.txt",
    "near/CC-BY-4.0-titled-NonCommercial.txt",
    "near/CC-BY-4.0-titled-NoDerivatives.txt",
    "header/gpl3-notice.txt",
    "near/CC-BY-SA-4.0-first-third.txt",
    "near/CC-BY-NC-SA-4.0-first-half.txt",
    "trimmed/EPL-2.0-without-exhibit.txt",
)


def main() -> None:
    labels: dict[str, list[str]] = {}
    for name, (content, expected) in sorted(cases().items()):
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        labels[name] = expected
    header = (
        "# Labelled license corpus: file → SPDX ids it holds ([] = no license; any id is wrong).\n"
        "# Generated by bench/make_license_corpus.py from the SPDX texts (CC0) in tests/data/licenses.\n"
        "# GNU ids match with or without -only/-or-later: the license text alone cannot tell them apart.\n"
    )
    data = {"cases": labels, "unknown_ok": sorted(UNKNOWN_OK)}
    (OUT / "labels.yaml").write_text(header + yaml.safe_dump(data, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
