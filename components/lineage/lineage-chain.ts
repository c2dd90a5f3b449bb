// Lays a lineage graph (server/services/lineage/get-lineage.ts) out as a left-to-right chain:
// dataset → dataset version → feature spec → run → model version. Nodes off the chain (the
// run's experiment) are attached to the chain node their edge points at, shown with that card.
import type { LineageGraph, LineageNode } from '@/server/services/lineage/get-lineage';

export interface ChainStep {
  node: LineageNode;
  /** Label of the edge arriving from the previous step (null on the first). */
  incoming: string | null;
  /** Off-chain nodes pointing at this one, e.g. the experiment grouping a run. */
  attached: { node: LineageNode; label: string }[];
}

/** Kinds that hang beside the chain rather than in it. */
const SIDE_KINDS = new Set<LineageNode['kind']>(['experiment']);

export function lineageChain(graph: LineageGraph): ChainStep[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const chainIds = new Set(graph.nodes.filter((n) => !SIDE_KINDS.has(n.kind)).map((n) => n.id));
  const chainEdges = graph.edges.filter((e) => chainIds.has(e.from) && chainIds.has(e.to));
  const incoming = new Map(chainEdges.map((e) => [e.to, e]));
  const outgoing = new Map(chainEdges.map((e) => [e.from, e]));

  // Start at the chain node nothing points to; follow edges. Nodes the walk does not reach
  // (a malformed graph) are appended in the server's order so nothing is hidden.
  const start = graph.nodes.find((n) => chainIds.has(n.id) && !incoming.has(n.id));
  const order: string[] = [];
  for (let id = start?.id; id && !order.includes(id); id = outgoing.get(id)?.to) order.push(id);
  for (const n of graph.nodes) if (chainIds.has(n.id) && !order.includes(n.id)) order.push(n.id);

  return order.map((id, i) => {
    const edge = incoming.get(id);
    const attached = graph.edges
      .filter((e) => e.to === id && !chainIds.has(e.from) && byId.has(e.from))
      .map((e) => ({ node: byId.get(e.from)!, label: e.label }));
    return { node: byId.get(id)!, incoming: i > 0 && edge && edge.from === order[i - 1] ? edge.label : null, attached };
  });
}
