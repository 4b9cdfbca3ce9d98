/**
 * A button that copies text (a link, a name, a stack trace, a command) and says so for a moment.
 * The Clipboard API where the page may use it; the older execCommand route where it may not
 * (plain HTTP on another host than localhost is not a secure context).
 */
import { useEffect, useState } from 'react';

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through: no Clipboard API, or permission refused.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

export function CopyButton({ text, label, testId, title }: { text: string; label: string; testId?: string; title?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={`button small copy-button ${state}`}
      data-testid={testId}
      data-copied={state === 'copied' ? 'true' : undefined}
      title={title ?? `Copy: ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`}
      onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed'))}
    >
      <CopyIcon /> {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/** Two overlapping sheets, drawn rather than a glyph that some fonts lack. */
function CopyIcon() {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5">
      <rect x="5.5" y="5.5" width="8.5" height="8.5" rx="1.5" />
      <path d="M10.5 3.5V3a1.5 1.5 0 0 0-1.5-1.5H3A1.5 1.5 0 0 0 1.5 3v6A1.5 1.5 0 0 0 3 10.5h.5" />
    </svg>
  );
}
