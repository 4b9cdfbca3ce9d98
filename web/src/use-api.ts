import { useEffect, useState } from 'react';
import { apiGet, ApiError } from './api';

export interface Loaded<T> {
  /** The latest data; while a new request is in flight it still holds the previous answer (no flicker when paging). */
  data: T | undefined;
  loading: boolean;
  error: ApiError | Error | undefined;
}

/** GET an API path; re-fetches when the path or params change, cancelling the request before. `null` = nothing to fetch. */
export function useApi<T>(path: string | null, params: Record<string, string | number | undefined | null> = {}): Loaded<T> {
  const key = path === null ? null : JSON.stringify([path, params]);
  const [state, setState] = useState<Loaded<T>>({ data: undefined, loading: path !== null, error: undefined });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true, error: undefined }));
    apiGet<T>(path, params, { signal: controller.signal }).then(
      (data) => setState({ data, loading: false, error: undefined }),
      (error: Error) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: error instanceof ApiError && error.status === 400 ? s.data : undefined, loading: false, error }));
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
