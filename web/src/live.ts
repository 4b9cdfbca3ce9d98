/**
 * Pages that update as results arrive: the server's run events over server-sent events
 * (GET /api/v3/events; the server's http/run-stream.ts says what a stream carries). No polling: a page
 * refreshes what it shows when an event says something changed, at most once per `settleMs`, so a run
 * posting batches every 50 ms costs a refresh a second, not twenty.
 *
 * EventSource reconnects by itself and sends Last-Event-ID; the server replays what was missed or, when it
 * cannot, says `ready` with `resumed: false`, and the page refreshes its whole snapshot.
 *
 * A hidden tab lets its stream go and opens a new one (and refreshes) when shown again: browsers allow six
 * connections to a server over HTTP/1.1, and a day's worth of open tabs must not hold them all.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { apiUrl } from './api';

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'paused' | 'ended';

const visible = () => document.visibilityState !== 'hidden';
function useVisible(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
    visible,
  );
}

export interface RunEvent {
  kind: 'run.created' | 'run.updated' | 'run.finished';
  runId: number;
  at: number;
}

interface Options {
  /** One run's events (its page), or the whole workspace's (the runs list). */
  runId?: number;
  /** False: no stream (a finished run has nothing more to say). */
  enabled: boolean;
  /** Called after events settle, with the ids of the runs that changed (empty: refresh everything). */
  onChange: (runIds: number[]) => void;
  settleMs?: number;
}

export function useRunEvents({ runId, enabled, onChange, settleMs = 700 }: Options): LiveState {
  const [state, setState] = useState<LiveState>(enabled ? 'connecting' : 'off');
  const callback = useRef(onChange);
  callback.current = onChange;
  const shown = useVisible();

  useEffect(() => {
    if (!enabled) {
      setState((s) => (s === 'off' ? s : 'ended'));
      return;
    }
    if (!shown) {
      setState('paused');
      return;
    }
    setState('connecting');
    const source = new EventSource(apiUrl('/events', { run: runId }));
    let pending: Set<number> | null = null;
    let all = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const ids = all ? [] : [...(pending ?? [])];
      pending = null;
      all = false;
      callback.current(ids);
    };
    const schedule = (id: number | null) => {
      if (id === null) all = true;
      else (pending ??= new Set()).add(id);
      timer ??= setTimeout(flush, settleMs);
    };
    const onRunEvent = (e: MessageEvent<string>) => {
      const event = JSON.parse(e.data) as RunEvent;
      schedule(event.runId);
      if (runId !== undefined && event.kind === 'run.finished') {
        // The run is over: the server ends the stream; stop EventSource from reconnecting.
        source.close();
        setState('ended');
        if (timer) clearTimeout(timer);
        flush();
      }
    };
    source.addEventListener('ready', (e) => {
      setState('live');
      if (!(JSON.parse((e as MessageEvent<string>).data) as { resumed: boolean }).resumed) schedule(null);
    });
    for (const kind of ['run.created', 'run.updated', 'run.finished']) source.addEventListener(kind, onRunEvent as EventListener);
    source.onerror = () => {
      // CLOSED: the server refused (401 after sign-out elsewhere, 404); CONNECTING: EventSource retries by itself.
      setState(source.readyState === EventSource.CLOSED ? 'ended' : 'reconnecting');
    };
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [runId, enabled, settleMs, shown]);

  return state;
}
