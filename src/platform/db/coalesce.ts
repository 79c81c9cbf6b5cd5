/**
 * Coalesced lookups: keys asked for while a lookup is running wait and go together in the next
 * one, so a busy server sends one statement for many requests instead of one each, and an idle one
 * sends at once. A key is never answered by a lookup that started before it was asked, so an
 * answer is never older than the question (a revoked token stays revoked).
 */
export function coalesced<K, V>(
  lookup: (keys: K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  type Waiter = { resolve(v: V | undefined): void; reject(e: unknown): void };
  let running = false;
  let waiting = new Map<K, Waiter[]>();
  const next = () => {
    if (running || !waiting.size) return;
    const batch = waiting;
    waiting = new Map();
    running = true;
    lookup([...batch.keys()])
      .then(
        (found) => {
          for (const [k, ws] of batch) for (const w of ws) w.resolve(found.get(k));
        },
        (e) => {
          for (const ws of batch.values()) for (const w of ws) w.reject(e);
        },
      )
      .finally(() => {
        running = false;
        next();
      });
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const ws = waiting.get(key);
      if (ws) ws.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      next();
    });
}

/** One coalesced lookup per owner (e.g. per database), made on first use. */
export function coalescedPer<O extends object, K, V>(
  lookup: (owner: O, keys: K[]) => Promise<Map<K, V>>,
): (owner: O, key: K) => Promise<V | undefined> {
  const per = new WeakMap<O, (key: K) => Promise<V | undefined>>();
  return (owner, key) => {
    let f = per.get(owner);
    if (!f) {
      f = coalesced((keys: K[]) => lookup(owner, keys));
      per.set(owner, f);
    }
    return f(key);
  };
}
