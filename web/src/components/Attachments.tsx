/**
 * A case's attachments: images shown inline, text shown as text, anything else offered as a download.
 * The session cookie goes with plain URLs, so images are ordinary <img src> and downloads ordinary links;
 * only text is fetched, to show it (cut at TEXT_SHOWN; the download has it whole).
 */
import { useEffect, useState } from 'react';
import type { Attachment } from '../api';
import { formatBytes } from '../format';

const IMAGE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;
const TEXT = /^(text\/plain|application\/json|text\/csv)$/;
const TEXT_SHOWN = 200_000;

function useText(url: string, wanted: boolean) {
  const [state, setState] = useState<{ text?: string; error?: string }>({});
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then((res) => (res.ok ? res.text() : Promise.reject(new Error(`Could not load the attachment (${res.status})`))))
      .then(
        (text) => setState({ text: text.slice(0, TEXT_SHOWN) }),
        (e: Error) => controller.signal.aborted || setState({ error: e.message }),
      );
    return () => controller.abort();
  }, [url, wanted]);
  return state;
}

function AttachmentItem({ a }: { a: Attachment }) {
  const text = useText(a.url, TEXT.test(a.contentType));
  return (
    <li className="attachment" data-testid="attachment" data-content-type={a.contentType}>
      <div className="attachment-head">
        <span className="attachment-name">{a.name}</span>
        <span className="muted small">
          {a.contentType} · {formatBytes(a.size)}
          {a.stepResultId ? ' · from a step' : ''}
        </span>
        <a className="link-button" href={a.url} download={a.name}>
          Download
        </a>
      </div>
      {text.error ? <p className="muted small">{text.error}</p> : null}
      {IMAGE.test(a.contentType) ? <img className="attachment-image" data-testid="attachment-image" src={a.url} alt={a.name} /> : null}
      {text.text !== undefined ? <pre className="attachment-text" data-testid="attachment-text">{text.text}</pre> : null}
    </li>
  );
}

export function Attachments({ items }: { items: readonly Attachment[] }) {
  return (
    <ul className="attachments" data-testid="attachments">
      {items.map((a) => (
        <AttachmentItem key={a.id} a={a} />
      ))}
    </ul>
  );
}
