import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightMatching, minCostAssignment } from './hungarian.ts';

/** Best total over every way of giving each row a distinct allowed column or none (brute force). */
function bruteForceMax(weight: (number | null)[][]): number {
  const m = weight[0]?.length ?? 0;
  const taken = new Array<boolean>(m).fill(false);
  const go = (i: number): number => {
    if (i === weight.length) return 0;
    let best = go(i + 1); // row i unassigned
    for (let j = 0; j < m; j++) {
      const w = weight[i]![j];
      if (taken[j] || w === null || w === undefined) continue;
      taken[j] = true;
      best = Math.max(best, w + go(i + 1));
      taken[j] = false;
    }
    return best;
  };
  return go(0);
}

/** Minimum total over every complete assignment of rows to distinct columns (brute force). */
function bruteForceMin(cost: number[][]): number {
  const m = cost[0]?.length ?? 0;
  const taken = new Array<boolean>(m).fill(false);
  const go = (i: number): number => {
    if (i === cost.length) return 0;
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < m; j++) {
      if (taken[j]) continue;
      taken[j] = true;
      best = Math.min(best, cost[i]![j]! + go(i + 1));
      taken[j] = false;
    }
    return best;
  };
  return go(0);
}

const weights = fc
  .record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc.array(
      fc.array(fc.option(fc.integer({ min: -20, max: 100 }), { nil: null, freq: 3 }), {
        minLength: cols,
        maxLength: cols,
      }),
      { minLength: rows, maxLength: rows },
    ),
  );

const costs = fc
  .record({ rows: fc.integer({ min: 1, max: 5 }), extra: fc.integer({ min: 0, max: 2 }) })
  .chain(({ rows, extra }) =>
    fc.array(
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: rows + extra, maxLength: rows + extra }),
      { minLength: rows, maxLength: rows },
    ),
  );

describe('hungarian (benchmark oracle)', () => {
  it('minCostAssignment finds the brute-force minimum with distinct columns', () => {
    fc.assert(
      fc.property(costs, (cost) => {
        const { column, total } = minCostAssignment(cost);
        expect(new Set(column).size).toBe(cost.length);
        expect(column.reduce((s, j, i) => s + cost[i]![j]!, 0)).toBe(total);
        expect(total).toBe(bruteForceMin(cost));
      }),
      { numRuns: 500 },
    );
  });

  it('maxWeightMatching finds the brute-force maximum, using allowed pairs only', () => {
    fc.assert(
      fc.property(weights, (weight) => {
        const { column, total } = maxWeightMatching(weight);
        const used = column.filter((j) => j >= 0);
        expect(new Set(used).size).toBe(used.length);
        let sum = 0;
        column.forEach((j, i) => {
          if (j < 0) return;
          expect(weight[i]![j]).not.toBeNull();
          sum += weight[i]![j]!;
        });
        expect(sum).toBe(total);
        expect(total).toBe(bruteForceMax(weight));
      }),
      { numRuns: 500 },
    );
  });

  it('handles more rows than columns by leaving some unassigned', () => {
    expect(maxWeightMatching([[5], [7], [3]])).toEqual({ column: [-1, 0, -1], total: 7 });
  });
});
