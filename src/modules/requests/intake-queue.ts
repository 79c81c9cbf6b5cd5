/**
 * Group commit for intake: requests that arrive while earlier ones are being written are taken
 * together, so a busy server pays one read and one transaction for many requests instead of one
 * each. An idle server takes a request at once (no waiting for company). A batch never holds two
 * requests for the same customer or the same Idempotency-Key, nor one for a customer or key that a
 * running batch holds: those wait for the next batch, so the decisions of a batch never depend on
 * each other. Each request is answered only after its own transaction committed.
 */
import type { Deps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import {
  type IntakeItem,
  type IntakeOutcome,
  intakeAlone,
  isIntakeConflict,
  runIntakes,
} from './intake-request.ts';

interface Waiting {
  item: IntakeItem;
  resolve(o: IntakeOutcome): void;
  reject(e: unknown): void;
}

export class IntakeQueue {
  private waiting: Waiting[] = [];
  private running = 0;
  private readonly busy = new Set<string>();
  /** how the requests were grouped: batches taken, requests in them, the largest batch */
  readonly stats = { batches: 0, requests: 0, largest: 0 };

  constructor(
    private readonly deps: Deps,
    /** batches in flight at once */
    private readonly concurrency = 2,
    /** requests per batch at most */
    private readonly size = 32,
  ) {}

  submit(item: IntakeItem): Promise<IntakeOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length) {
      const batch = this.take();
      if (!batch.length) return;
      this.running++;
      this.stats.batches++;
      this.stats.requests += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      void this.run(batch).finally(() => {
        this.running--;
        for (const w of batch) {
          this.busy.delete(customerKey(w.item));
          this.busy.delete(idempotencyKey(w.item));
        }
        this.pump();
      });
    }
  }

  /** The oldest waiting requests whose customer and key are free, in arrival order. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const w of this.waiting) {
      const c = customerKey(w.item);
      const k = idempotencyKey(w.item);
      if (batch.length < this.size && !this.busy.has(c) && !this.busy.has(k)) {
        this.busy.add(c);
        this.busy.add(k);
        batch.push(w);
      } else rest.push(w);
    }
    this.waiting = rest;
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    let results: PromiseSettledResult<IntakeOutcome>[];
    try {
      results = await runIntakes(
        this.deps,
        batch.map((w) => w.item),
      );
    } catch (e) {
      // runIntakes settles every request itself; should it ever throw, nobody is left waiting
      for (const w of batch) w.reject(e);
      return;
    }
    await Promise.all(
      batch.map(async (w, i) => {
        const r = results[i]!;
        if (r.status === 'fulfilled') return w.resolve(r.value);
        // it was alone and lost a race with another server: again, on its own, until it wins
        if (!isIntakeConflict(r.reason)) return w.reject(r.reason);
        await intakeAlone(this.deps, w.item).then(w.resolve, w.reject);
      }),
    );
  }
}

const customerKey = (i: IntakeItem) => `c:${i.input.customerId}`;
const idempotencyKey = (i: IntakeItem) => `k:${i.scope}:${i.key}`;

const queues = new WeakMap<Db, IntakeQueue>();

/** The intake queue of this database, if intake has run (for its statistics). */
export function intakeQueueOf(db: Db): IntakeQueue | undefined {
  return queues.get(db);
}

/** The intake queue of this server's database. */
export function intakeQueue(deps: Deps): IntakeQueue {
  let q = queues.get(deps.db);
  if (!q) {
    q = new IntakeQueue(deps);
    queues.set(deps.db, q);
  }
  return q;
}
