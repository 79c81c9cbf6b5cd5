/**
 * Exact assignment for the routing benchmark (the oracle that `assignQueue` is compared with).
 *
 * `minCostAssignment` is the Hungarian algorithm (Kuhn–Munkres with potentials, in the shortest augmenting path
 * form of Jonker–Volgenant): every row gets a distinct column at minimum total cost, O(n²·m) for n rows ≤ m
 * columns. `maxWeightMatching` builds on it: each row may take one allowed column or stay unassigned (worth 0),
 * which is the same problem with one zero-cost "unassigned" column per row.
 */

/** Forbidden pairs cost `Infinity`; the rows must be at most the columns and some complete assignment must exist. */
export function minCostAssignment(cost: readonly (readonly number[])[]): { column: number[]; total: number } {
  const n = cost.length;
  const m = n === 0 ? 0 : cost[0]!.length;
  if (n > m) throw new Error(`minCostAssignment: ${n} rows but only ${m} columns`);
  // 1-based arrays, column 0 is the virtual start of each augmenting path
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row matched to column j (0 = none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      const row = cost[i0 - 1]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = -1;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = row[j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      if (j1 < 0 || delta === Number.POSITIVE_INFINITY)
        throw new Error(`minCostAssignment: row ${i - 1} cannot be assigned`);
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    // flip the augmenting path
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const column = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) column[p[j]! - 1] = j - 1;
  let total = 0;
  for (let i = 0; i < n; i++) total += cost[i]![column[i]!]!;
  return { column, total };
}

/**
 * Maximum-weight matching of rows to columns where a row may stay unassigned: `weight[i][j]` is what row i
 * earns in column j, `null` when the pair is not allowed. Returns each row's column (-1 = unassigned) and the
 * total weight. Negative weights are never chosen (unassigned is worth more).
 */
export function maxWeightMatching(weight: readonly (readonly (number | null)[])[]): {
  column: number[];
  total: number;
} {
  const n = weight.length;
  if (n === 0) return { column: [], total: 0 };
  const m = weight[0]!.length;
  // columns 0..m-1 are the real ones, m + i is row i's "unassigned" column (free for row i only)
  const cost = weight.map((row, i) => {
    const out = new Array<number>(m + n).fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < m; j++) {
      const w = row[j];
      if (w !== null && w !== undefined) out[j] = -w;
    }
    out[m + i] = 0;
    return out;
  });
  const { column } = minCostAssignment(cost);
  let total = 0;
  const real = column.map((j, i) => {
    if (j >= m) return -1;
    total += weight[i]![j]!;
    return j;
  });
  return { column: real, total };
}
