/**
 * A fair share of the server per client: at most `perClient` of one API key's (or session's, or
 * address's) requests are worked on at once; the next ones wait their turn in order instead of being
 * refused, so a reporting agent that fires hundreds of requests together is slowed to the server's pace,
 * never failed, and one client cannot take every worker from the others. Past `maxWaiting` waiting
 * requests the client is refused (429): that many in flight is a runaway, not a CI.
 */
export interface FairShare {
  /** A release to call when the request is done; undefined when the client already has `maxWaiting` waiting. */
  acquire(client: string): Promise<() => void> | undefined;
  /** Requests worked on and waiting, across clients (for /metrics). */
  load(): { active: number; waiting: number };
}

export function fairShare(perClient: number, maxWaiting: number): FairShare {
  const lanes = new Map<string, { active: number; waiting: (() => void)[] }>();
  let active = 0;
  let waiting = 0;

  const releaseOf = (client: string) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const lane = lanes.get(client)!;
      const next = lane.waiting.shift();
      if (next) {
        waiting--;
        next(); // the slot passes to the next in line
        return;
      }
      lane.active--;
      active--;
      if (lane.active === 0) lanes.delete(client);
    };
  };

  return {
    acquire(client) {
      let lane = lanes.get(client);
      if (!lane) lanes.set(client, (lane = { active: 0, waiting: [] }));
      if (lane.active < perClient) {
        lane.active++;
        active++;
        return Promise.resolve(releaseOf(client));
      }
      if (lane.waiting.length >= maxWaiting) return undefined;
      waiting++;
      return new Promise((resolve) => lane.waiting.push(() => resolve(releaseOf(client))));
    },
    load: () => ({ active, waiting }),
  };
}
