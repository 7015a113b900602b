"""The actor network and its GraphML and JSON exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.network import (
    GRAPHML_NS,
    build_network,
    network,
    side_node,
    write_graphml,
    write_network_json,
)
from dyadwatch.store import Store


def side(
    name: str, code: str | None, kind: str = "person", office: str | None = None
) -> dict[str, Any]:
    actor_id = "person:" + name.lower().replace(" ", "-") if kind == "person" else code
    return {"name": name, "code": code, "kind": kind, "office": office, "actor_id": actor_id,
            "sector": "GOV", "entity_text": name}  # fmt: skip


BIDEN, XI = (
    side("Joe Biden", "USA", office="President"),
    side("Xi Jinping", "CHN", office="President"),
)
US, CN = side("United States", "USA", "state"), side("China", "CHN", "state")


def rec(n: int, event: str, actor: list[Any], recipient: list[Any], status: str = "occurred",
        scale: float = 0.0) -> dict[str, Any]:  # fmt: skip
    return {"id": f"e{n}", "date": "2023-06-19", "date_precision": "day", "event": event,
            "mode": [], "context": [], "status": status, "actor": actor, "recipient": recipient,
            "event_loc": None, "event_text": "x", "quad_code": 0, "event_scale": scale,
            "date_source": "timex",
            "mentions": [{"article_id": "a1", "sentence": "s", "start": 0, "end": 1,
                          "published": "2023-06-19", "outlet": None}],
            "num_articles": 1, "num_stories": 1}  # fmt: skip


RECORDS = [
    rec(1, "CONSULT", [BIDEN], [XI], scale=1.0),
    rec(2, "ACCUSE", [XI], [US], scale=-2.0),
    rec(3, "ACCUSE", [CN], [US], scale=-2.0),
    rec(4, "SANCTION", [US], [CN], status="planned"),
    rec(5, "ACCUSE", [side("Nobody", None, "unknown")], [CN]),
]


@pytest.mark.parametrize(
    ("side_", "node_id", "kind"),
    [(BIDEN, "person:joe-biden", "person"), (US, "USA", "state"),
     (side("White House", "USA", "institution"), "USA", "state"),
     (side("NATO", "NATO", "igo"), "NATO", "igo"), (side("?", None, "unknown"), None, None),
     (side("Biden administration officials", "USA", "group"), "USA", "state"),
     (side("Hamas", "HAMAS", "group"), "HAMAS", "group")],
)  # fmt: skip
def test_side_node(side_: dict[str, Any], node_id: str | None, kind: str | None) -> None:
    node = side_node(side_)
    assert (node.id, node.kind) == (node_id, kind) if node else node_id is None


def test_build_network() -> None:
    nodes, edges = build_network(RECORDS)
    ids = {n.id for n in nodes}
    assert ids == {"person:joe-biden", "person:xi-jinping", "USA", "CHN"}
    by_pair = {(e.source, e.target): e for e in edges}
    # The meeting is reciprocal: an edge each way; the planned sanction is no edge.
    assert by_pair[("person:joe-biden", "person:xi-jinping")].types == {"CONSULT": 1}
    assert ("person:xi-jinping", "person:joe-biden") in by_pair
    assert ("USA", "CHN") not in by_pair
    accuse = by_pair[("CHN", "USA")]
    assert accuse.weight == 1 and accuse.plover_mean == -2.5 and accuse.goldstein_mean == -2.0
    assert by_pair[("person:xi-jinping", "USA")].weight == 1
    assert next(n for n in nodes if n.id == "USA").label == "United States"
    xi = next(n for n in nodes if n.id == "person:xi-jinping")
    assert xi.label == "Xi Jinping" and xi.code == "CHN" and xi.office == "President"


def test_graphml_round_trip(tmp_path: Path) -> None:
    nodes, edges = build_network(RECORDS)
    path = tmp_path / "net.graphml"
    write_graphml(nodes, edges, path)
    root = ET.parse(path).getroot()
    ns = {"g": GRAPHML_NS}
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    assert len(root.findall("g:graph/g:node", ns)) == len(nodes)
    graph_edges = root.findall("g:graph/g:edge", ns)
    assert len(graph_edges) == len(edges)
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    first = {keys[d.get("key")]: d.text for d in graph_edges[0].findall("g:data", ns)}
    assert first["weight"] == str(edges[0].weight)
    node_ids = {n.get("id") for n in root.findall("g:graph/g:node", ns)}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in graph_edges)


def test_network_json(tmp_path: Path, memory_store: Store) -> None:
    memory_store.replace_events(RECORDS, {})
    nodes, edges = network(memory_store)
    path = tmp_path / "net.json"
    write_network_json(nodes, edges, path)
    data = json.loads(path.read_text())
    assert len(data["nodes"]) == 4 and len(data["edges"]) == len(edges) == 4
    assert {"source", "target", "weight", "types", "plover_mean"} <= set(data["edges"][0])
