/**
 * How the server runs its background jobs: each job's pass on an interval. Tests pass their own schedule,
 * keep the passes by name and call them when they choose (with the clock where they want it).
 */
export type Schedule = (pass: () => Promise<void>, everyMs: number, name: string) => () => void;

export const everyInterval: Schedule = (pass, everyMs) => {
  const timer = setInterval(() => void pass(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
