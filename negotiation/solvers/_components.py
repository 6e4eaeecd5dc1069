"""Connected components of the equilibrium set of a bimatrix game, from its extreme equilibria.

Every extreme equilibrium is a pair ``(x, y)`` of a vertex ``x`` of the row player's
best-response polytope and a vertex ``y`` of the column player's. These pairs are the edges of a
bipartite *compatibility graph*. A *maximal clique* is a maximal pair of vertex sets ``X x Y``
whose every pair is an extreme equilibrium; then every point of ``conv(X) x conv(Y)`` is an
equilibrium, the equilibrium set is the union of these convex product sets, and its connected
components are the unions of the cliques in one connected component of the graph
(Avis, Rosenberg, Savani and von Stengel 2010, section 5).

Maximal cliques are found by closing the neighbourhoods ``N(x)`` under intersection: a nonempty
``Y`` is the ``Y``-side of a maximal clique exactly when it is an intersection of
neighbourhoods, and its ``X``-side is every ``x`` whose neighbourhood contains ``Y``.

References
----------
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import networkx as nx

from .result import EquilibriumComponent

__all__ = ["maximal_cliques", "equilibrium_components"]


def maximal_cliques(edges: Sequence[tuple[Hashable, Hashable]]) -> list[tuple[frozenset, frozenset]]:
    """Maximal complete bipartite subgraphs ``(X, Y)`` of a bipartite graph given by its edges.

    Examples
    --------
    >>> cl = maximal_cliques([("x1", "y1"), ("x1", "y2"), ("x2", "y2")])
    >>> sorted((sorted(X), sorted(Y)) for X, Y in cl)
    [(['x1'], ['y1', 'y2']), (['x1', 'x2'], ['y2'])]
    """
    neighbours: dict[Hashable, set] = {}
    for x, y in edges:
        neighbours.setdefault(x, set()).add(y)
    family: set[frozenset] = set()
    todo = [frozenset(ys) for ys in neighbours.values()]
    while todo:
        ys = todo.pop()
        if not ys or ys in family:
            continue
        new = [ys & other for other in family]
        family.add(ys)
        todo.extend(n for n in new if n and n not in family)
    out = []
    for ys in family:
        xs = frozenset(x for x, nb in neighbours.items() if ys <= nb)
        out.append((xs, ys))
    return out


def equilibrium_components(edges: Sequence[tuple[Hashable, Hashable]]) -> list[EquilibriumComponent]:
    """Components of the equilibrium set; ``edges[k]`` is extreme equilibrium ``k``.

    Each component lists the indices of its extreme equilibria and its maximal cliques, each clique
    given by the indices of the extreme equilibria it contains (all pairs of ``X x Y``).

    Examples
    --------
    A column player indifferent between two columns against the row player's first row:

    >>> comps = equilibrium_components([("top", "left"), ("top", "right"), ("bottom", "far")])
    >>> [(c.equilibria, c.cliques) for c in comps]
    [((0, 1), ((0, 1),)), ((2,), ((2,),))]
    """
    index: dict[tuple[Hashable, Hashable], int] = {}
    for k, (x, y) in enumerate(edges):
        index.setdefault((x, y), k)
    graph = nx.Graph()
    for x, y in edges:
        graph.add_edge(("x", x), ("y", y))
    comps = []
    for nodes in nx.connected_components(graph):
        sub = [(x, y) for (x, y) in index if ("x", x) in nodes]
        members = tuple(sorted(index[p] for p in sub))
        cliques = []
        for xs, ys in maximal_cliques(sub):
            cliques.append(tuple(sorted(index[(x, y)] for x in xs for y in ys)))
        comps.append(EquilibriumComponent(members, tuple(sorted(cliques))))
    comps.sort(key=lambda c: c.equilibria)
    return comps
