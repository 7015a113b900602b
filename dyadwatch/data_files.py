"""The package's data files: one way to read them, with libyaml's parser where installed.

PyYAML's pure-Python parser takes about a second for the knowledge base's files; its C
parser (CSafeLoader, in the PyYAML wheels) a tenth of that, and every ingest and worker
process reads them.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

try:
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader


def parse_yaml(text: str) -> Any:
    """`yaml.safe_load`, with the C parser when there is one."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader


def read_data(name: str) -> str:
    """The text of `dyadwatch/data/<name>`."""
    return resources.files("dyadwatch.data").joinpath(name).read_text(encoding="utf-8")


def read_yaml(name: str) -> Any:
    """`dyadwatch/data/<name>` parsed; OSError or yaml.YAMLError when it cannot be."""
    return parse_yaml(read_data(name))
