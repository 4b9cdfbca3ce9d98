/**
 * How the server runs its background jobs: each job's pass soon after start (so a restart does not put off
 * what was due), then on an interval. Tests pass their own schedule, keep the passes by name and call them
 * when they choose (with the clock where they want it).
 */
export type Schedule = (pass: () => Promise<void>, everyMs: number, name: string) => () => void;

const FIRST_PASS_AFTER_MS = 5_000;

export const everyInterval: Schedule = (pass, everyMs) => {
  const first = setTimeout(() => void pass(), Math.min(everyMs, FIRST_PASS_AFTER_MS));
  const timer = setInterval(() => void pass(), everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
};
