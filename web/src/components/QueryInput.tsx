/**
 * The filter box for the query language. When the API rejects the query (400 with `position` and
 * `length`), the offending characters get a red wavy underline in place, and the message sits below
 * with the query echoed and the same span marked.
 */
import { useLayoutEffect, useRef, useState } from 'react';

export interface QueryProblem {
  message: string;
  /** 0-based offsets into the text; absent when the problem is not in this text. */
  position?: number;
  length?: number;
}

interface Props {
  value: string;
  onSubmit: (value: string) => void;
  problem?: QueryProblem;
  placeholder?: string;
}

function Marked({ text, position, length, testId }: { text: string; position: number; length: number; testId: string }) {
  const start = Math.min(Math.max(position, 0), text.length);
  const end = Math.min(start + Math.max(length, 1), text.length);
  const marked = text.slice(start, end);
  return (
    <>
      {text.slice(0, start)}
      <mark className="query-error-mark" data-testid={testId} data-position={start} data-length={end - start}>
        {marked || '\u00a0'}
      </mark>
      {text.slice(end)}
    </>
  );
}

export function QueryInput({ value, onSubmit, problem, placeholder }: Props) {
  const [draft, setDraft] = useState(value);
  const [scroll, setScroll] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => setDraft(value), [value]);

  // The underline belongs to the submitted text; once the user edits, it no longer points anywhere.
  const showMark = problem && problem.position !== undefined && draft === value;
  return (
    <form
      className="query-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(draft.trim());
      }}
    >
      <div className={`query-box ${problem ? 'has-error' : ''}`}>
        {showMark ? (
          <div className="query-overlay" aria-hidden style={{ transform: `translateX(${-scroll}px)` }}>
            <Marked text={draft} position={problem.position!} length={problem.length ?? 1} testId="query-error-mark" />
          </div>
        ) : null}
        <input
          ref={input}
          className="query-input"
          data-testid="query-input"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'query-problem' : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onScroll={(e) => setScroll(e.currentTarget.scrollLeft)}
          onKeyUp={(e) => setScroll(e.currentTarget.scrollLeft)}
        />
        {draft ? (
          <button
            type="button"
            className="query-clear"
            aria-label="Clear the filter"
            onClick={() => {
              setDraft('');
              onSubmit('');
            }}
          >
            ×
          </button>
        ) : null}
      </div>
      <button type="submit" className="button primary">
        Filter
      </button>
      {problem ? (
        <div className="query-problem" id="query-problem" role="alert" data-testid="query-problem">
          {problem.position !== undefined ? (
            <code className="query-echo">
              <Marked text={value} position={problem.position} length={problem.length ?? 1} testId="query-echo-mark" />
            </code>
          ) : null}
          <span className="query-problem-message">{problem.message}</span>
        </div>
      ) : null}
    </form>
  );
}
