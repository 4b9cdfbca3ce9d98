import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, ApiError } from './api';

export interface Loaded<T> {
  /** The latest data; while a new request is in flight it still holds the previous answer (no flicker when paging). */
  data: T | undefined;
  loading: boolean;
  error: ApiError | Error | undefined;
  /** Fetches again, keeping the data shown until the answer arrives (live pages). */
  reload: () => void;
}

/** GET an API path; re-fetches when the path or params change, cancelling the request before. `null` = nothing to fetch. */
export function useApi<T>(path: string | null, params: Record<string, string | number | boolean | undefined | null> = {}): Loaded<T> {
  const key = path === null ? null : JSON.stringify([path, params]);
  const [generation, setGeneration] = useState(0);
  const reloading = useRef(false);
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ data: undefined, loading: path !== null, error: undefined });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const isReload = reloading.current;
    reloading.current = false;
    setState((s) => ({ data: s.data, loading: true, error: undefined }));
    apiGet<T>(path, params, { signal: controller.signal }).then(
      (data) => setState({ data, loading: false, error: undefined }),
      (error: Error) => {
        if (controller.signal.aborted) return;
        // A reload that fails (a blip) keeps what was shown; a first load or a bad query shows the error.
        setState((s) => (isReload && s.data ? { data: s.data, loading: false, error: undefined } : { data: error instanceof ApiError && error.status === 400 ? s.data : undefined, loading: false, error }));
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => {
    reloading.current = true;
    setGeneration((g) => g + 1);
  }, []);
  return { ...state, reload };
}
