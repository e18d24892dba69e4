/** PageRank over the reference graph (a file that many files import ranks high), deterministic. */
export function pageRank(
  nodes: readonly string[],
  edges: ReadonlyArray<{ from: string; to: string }>,
  damping = 0.85,
  iterations = 40,
): Map<string, number> {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const n = nodes.length;
  const out: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined && from !== to) out[from]?.push(to);
  }
  let rank = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const targets = out[i] as number[];
      const share = rank[i] as number;
      if (targets.length === 0) dangling += share;
      else for (const t of targets) next[t] = (next[t] as number) + (damping * share) / targets.length;
    }
    const base = (1 - damping + damping * dangling) / n;
    for (let i = 0; i < n; i++) next[i] = (next[i] as number) + base;
    rank = next;
  }
  return new Map(nodes.map((node, i) => [node, rank[i] as number]));
}
