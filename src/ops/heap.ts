/**
 * A long import allocates far more than it keeps (its live heap stays near 20 MB whatever the file's size),
 * and V8 collects lazily, so left alone the server's RSS grows with the file: +87 MB at 10 MB, +141 MB at
 * 50 MB (bench/upload.bench.ts). While imports run, a full collection every half second keeps the peak flat,
 * for a few percent of the import's CPU. `gc` is exposed at run time: no flag to remember when starting node.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const EVERY_MS = 500;
let running = 0;
let timer: NodeJS.Timeout | undefined;
let gc: (() => void) | undefined;

function collector(): () => void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/** Runs `work` with the heap collected every EVERY_MS meanwhile (one timer however many run at once). */
export async function withBoundedHeap<T>(work: () => Promise<T>): Promise<T> {
  if (running++ === 0) {
    const collect = collector();
    timer = setInterval(collect, EVERY_MS);
    timer.unref();
  }
  try {
    return await work();
  } finally {
    if (--running === 0) clearInterval(timer);
  }
}
