/**
 * Average-link clustering over scored candidate pairs, guarded against chaining: the best pairs are
 * taken first, and a pair joins its two clusters only if the average score over every cross pair of
 * members clears the threshold too. One item similar to two unrelated stories cannot bridge them,
 * because the members of one are not similar to the members of the other.
 */

export interface ScoredPair {
  a: number;
  b: number;
  score: number;
}

export interface ClusterOptions {
  threshold: number;
  /** Score of any two items (also those that were no candidates), for the average-link check. */
  score: (a: number, b: number) => number;
  /**
   * A story id already issued to an item, if any. Clusters holding different issued ids never merge, and
   * items that share one start together: an issued story keeps its id and its members.
   */
  issuedOf: (i: number) => string | undefined;
}

/** Clusters of item indices, each in ascending order, clusters in order of their first member. */
export function averageLinkClusters(count: number, pairs: readonly ScoredPair[], options: ClusterOptions): number[][] {
  const clusters: number[][] = [];
  const clusterOf: number[] = [];
  const issuedCluster = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const issued = options.issuedOf(i);
    const existing = issued === undefined ? undefined : issuedCluster.get(issued);
    if (existing !== undefined) {
      clusters[existing]!.push(i);
      clusterOf.push(existing);
      continue;
    }
    clusterOf.push(clusters.length);
    if (issued !== undefined) issuedCluster.set(issued, clusters.length);
    clusters.push([i]);
  }
  const issuedIdOf = (members: readonly number[]): string | undefined =>
    members.map(options.issuedOf).find((id) => id !== undefined);

  const ranked = pairs.filter((p) => p.score >= options.threshold).sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);
  for (const { a, b } of ranked) {
    const ca = clusterOf[a]!;
    const cb = clusterOf[b]!;
    if (ca === cb) continue;
    const membersA = clusters[ca]!;
    const membersB = clusters[cb]!;
    const idA = issuedIdOf(membersA);
    const idB = issuedIdOf(membersB);
    if (idA !== undefined && idB !== undefined && idA !== idB) continue;
    let total = 0;
    for (const x of membersA) for (const y of membersB) total += options.score(x, y);
    if (total / (membersA.length * membersB.length) < options.threshold) continue;
    for (const y of membersB) clusterOf[y] = ca;
    clusters[ca] = [...membersA, ...membersB].sort((x, y) => x - y);
    clusters[cb] = [];
  }
  return clusters.filter((members) => members.length > 0).sort((x, y) => x[0]! - y[0]!);
}
