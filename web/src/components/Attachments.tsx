/**
 * A case's attachments: images shown inline, text shown as text, anything else offered as a download.
 * The bytes are fetched with the API key and shown from object URLs (an <img src> cannot send the key).
 */
import { useEffect, useState } from 'react';
import { apiBlob, type Attachment } from '../api';
import { formatBytes } from '../format';

const IMAGE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;
const TEXT = /^(text\/plain|application\/json|text\/csv)$/;
/** Text longer than this is cut on the page; the download has it whole. */
const TEXT_SHOWN = 200_000;

function useBlob(url: string, wanted: boolean) {
  const [state, setState] = useState<{ url?: string; text?: string; error?: string }>({});
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    let objectUrl: string | undefined;
    apiBlob(url, controller.signal).then(
      async (blob) => {
        objectUrl = URL.createObjectURL(blob);
        setState({ url: objectUrl, text: TEXT.test(blob.type) ? (await blob.text()).slice(0, TEXT_SHOWN) : undefined });
      },
      (e: Error) => controller.signal.aborted || setState({ error: e.message }),
    );
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, wanted]);
  return state;
}

function AttachmentItem({ a }: { a: Attachment }) {
  const shown = IMAGE.test(a.contentType) || TEXT.test(a.contentType);
  const blob = useBlob(a.url, shown);
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await apiBlob(a.url));
      link.download = a.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } finally {
      setDownloading(false);
    }
  };
  return (
    <li className="attachment" data-testid="attachment" data-content-type={a.contentType}>
      <div className="attachment-head">
        <span className="attachment-name">{a.name}</span>
        <span className="muted small">
          {a.contentType} · {formatBytes(a.size)}
          {a.stepResultId ? ' · from a step' : ''}
        </span>
        <button type="button" className="link-button" onClick={download} disabled={downloading}>
          Download
        </button>
      </div>
      {blob.error ? <p className="muted small">{blob.error}</p> : null}
      {IMAGE.test(a.contentType) && blob.url ? <img className="attachment-image" data-testid="attachment-image" src={blob.url} alt={a.name} /> : null}
      {blob.text !== undefined ? <pre className="attachment-text" data-testid="attachment-text">{blob.text}</pre> : null}
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
