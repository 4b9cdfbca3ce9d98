/**
 * A stand-in for a CI's trigger endpoint (GitHub's workflow_dispatch, a GitLab pipeline trigger): a
 * node:http server on 127.0.0.1 that records each request and answers with the status it is told to,
 * or not at all (`'hang'`).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';

export interface ReceivedHook {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function hookReceiver() {
  const received: ReceivedHook[] = [];
  const hanging: ServerResponse[] = [];
  let answer: number | 'hang' = 204;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer, { 'content-type': 'application/json' }).end(answer >= 400 ? '{"message":"Bad credentials"}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The next requests get this status, or no answer. */
    answerWith(status: number | 'hang') {
      answer = status;
    },
    close: () => {
      for (const res of hanging) res.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
