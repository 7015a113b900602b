"""The actor network: actors as nodes, fused events as directed edges.

A node is a person (keyed by actor id) or a state, IGO or other collective actor
(keyed by its code; "the White House" and "Washington" are both USA). An edge
runs from each actor-side node to each recipient-side node of an event whose
status enters the index (occurred); reciprocal events (CONSULT, AGREE,
COOPERATE) give an edge each way. An edge carries its weight (events), the count
of each PLOVER type, and the mean PLOVER and Goldstein scores.

Exports: GraphML (written with xml.etree, readable by Gephi, yEd, networkx) and
JSON ({"nodes": [...], "edges": [...]}).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyadwatch.fuse import RECIPROCAL
from dyadwatch.models import EVENT_TYPES
from dyadwatch.relate import Record, load_scores, load_yaml, plover_score

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@dataclass
class Node:
    id: str
    label: str
    kind: str  # person | state | igo | group | unknown
    code: str | None = None
    office: str | None = None
    events: int = 0


@dataclass
class Edge:
    source: str
    target: str
    weight: int = 0
    types: dict[str, int] = field(default_factory=dict)
    plover_sum: float = 0.0
    goldstein_sum: float = 0.0

    @property
    def plover_mean(self) -> float:
        return round(self.plover_sum / self.weight, 2) if self.weight else 0.0

    @property
    def goldstein_mean(self) -> float:
        return round(self.goldstein_sum / self.weight, 2) if self.weight else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "weight": self.weight,
                "types": dict(sorted(self.types.items())), "plover_mean": self.plover_mean,
                "goldstein_mean": self.goldstein_mean}  # fmt: skip


def side_node(side: Record) -> Node | None:
    """The node of one side of an event; None for a side with neither code nor id."""
    kind = side.get("kind") or "unknown"
    if kind == "person" and side.get("actor_id"):
        return Node(side["actor_id"], side["name"], "person", side.get("code"), side.get("office"))
    code = side.get("code")
    if not code:
        return None
    known = _collectives()
    if code in known:
        kind, name = known[code]
        return Node(code, name, kind, code)
    return Node(code, side.get("name") or code, kind, code)


@lru_cache(maxsize=1)
def _collectives() -> dict[str, tuple[str, str]]:
    """code → (kind, name) of every state and IGO: "the White House" is node USA, "United
    States"; a person is a node of their own."""
    out = {code: ("igo", str(e["name"])) for code, e in load_yaml("igos.yaml").items()}
    out.update({code: ("state", str(e["name"])) for code, e in load_yaml("countries.yaml").items()})
    return out


def build_network(records: Iterable[Record]) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of the occurred events in the records."""
    table = load_scores()
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str], Edge] = {}
    for record in records:
        if record["status"] not in table.index_statuses:
            continue
        score, goldstein = plover_score(record, table), float(record.get("event_scale") or 0.0)
        sources = _nodes(record["actor"], nodes)
        targets = _nodes(record.get("recipient") or [], nodes)
        pairs = {(s, t) for s in sources for t in targets if s != t}
        if record["event"] in RECIPROCAL:
            pairs |= {(t, s) for s, t in pairs}
        for pair in pairs:
            edge = edges.setdefault(pair, Edge(*pair))
            edge.weight += 1
            edge.types[record["event"]] = edge.types.get(record["event"], 0) + 1
            edge.plover_sum += score
            edge.goldstein_sum += goldstein
        for key in {k for pair in pairs for k in pair}:
            nodes[key].events += 1
    used = {k for pair in edges for k in pair}
    ordered = sorted((n for n in nodes.values() if n.id in used), key=lambda n: (-n.events, n.id))
    return ordered, sorted(edges.values(), key=lambda e: (-e.weight, e.source, e.target))


def _nodes(sides: list[Record], nodes: dict[str, Node]) -> list[str]:
    keys = []
    for side in sides:
        node = side_node(side)
        if node is None:
            continue
        known = nodes.setdefault(node.id, node)
        if known.label == known.id and node.label != node.id:
            known.label = node.label  # a name beats a bare code
        keys.append(node.id)
    return keys


def network(store: Any) -> tuple[list[Node], list[Edge]]:
    """The actor network of every fused event in the store."""
    return build_network(store.events())


def network_dict(nodes: list[Node], edges: list[Edge]) -> dict[str, Any]:
    return {
        "nodes": [{"id": n.id, "label": n.label, "kind": n.kind, "code": n.code,
                   "office": n.office, "events": n.events} for n in nodes],
        "edges": [e.to_dict() for e in edges],
    }  # fmt: skip


def write_network_json(nodes: list[Node], edges: list[Edge], path: str | Path) -> None:
    text = json.dumps(network_dict(nodes, edges), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


_NODE_KEYS = (("label", "string"), ("kind", "string"), ("code", "string"),
              ("office", "string"), ("events", "int"))  # fmt: skip
_EDGE_KEYS = (("weight", "int"), ("plover_mean", "double"), ("goldstein_mean", "double"),
              *((f"n_{t}", "int") for t in EVENT_TYPES))  # fmt: skip


def graphml_tree(nodes: list[Node], edges: list[Edge]) -> ET.ElementTree:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for domain, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", id=f"{domain[0]}_{name}",
                          attrib={"for": domain, "attr.name": name, "attr.type": kind})  # fmt: skip
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="dyadwatch", edgedefault="directed")
    for n in nodes:
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=n.id)
        _data(el, "n", {"label": n.label, "kind": n.kind, "code": n.code, "office": n.office,
                        "events": n.events})  # fmt: skip
    for i, e in enumerate(edges):
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"e{i}", source=e.source,
                           target=e.target)  # fmt: skip
        values: dict[str, Any] = {"weight": e.weight, "plover_mean": e.plover_mean,
                                  "goldstein_mean": e.goldstein_mean}  # fmt: skip
        values.update({f"n_{t}": c for t, c in e.types.items()})
        _data(el, "e", values)
    return ET.ElementTree(root)


def _data(parent: ET.Element, prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not None:
            ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", key=f"{prefix}_{name}").text = str(value)


def write_graphml(nodes: list[Node], edges: list[Edge], path: str | Path) -> None:
    tree = graphml_tree(nodes, edges)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
