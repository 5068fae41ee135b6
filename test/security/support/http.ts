import http from 'node:http';
import net from 'node:net';

/**
 * A plain HTTP client for the security suites: bodies go out byte for byte as given (supertest would
 * re-encode them), and a request can be cut off mid-body to look like a dropped connection.
 */
export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Serialized as application/json. */
  json?: unknown;
  /** Sent as is (with the given content type header, if any). */
  raw?: string | Buffer;
  /** One file as multipart/form-data. */
  multipart?: { field: string; filename: string; content: Buffer };
  /** Send only this many bytes of the body (the Content-Length still announces all of it), then hang up. */
  truncateAt?: number;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export const BOUNDARY = '----security-suite-boundary';

export function multipartBody(field: string, filename: string, content: Buffer, boundary = BOUNDARY): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

function encode(spec: RequestSpec): { body?: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let body: Buffer | undefined;
  if (spec.multipart) {
    body = multipartBody(spec.multipart.field, spec.multipart.filename, spec.multipart.content);
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
  } else if (spec.json !== undefined) {
    body = Buffer.from(JSON.stringify(spec.json));
    headers['content-type'] = 'application/json';
  } else if (spec.raw !== undefined) {
    body = Buffer.isBuffer(spec.raw) ? spec.raw : Buffer.from(spec.raw);
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
  if (body) headers['content-length'] = String(body.length);
  return { body, headers };
}

function parse(status: number, headers: http.IncomingHttpHeaders, text: string): Reply {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

export function send(baseUrl: string, spec: RequestSpec): Promise<Reply> {
  if (spec.truncateAt !== undefined) return sendTruncated(baseUrl, spec);
  const { body, headers } = encode(spec);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${spec.path}`,
      { method: spec.method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(parse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () =>
      req.destroy(new Error(`no answer within 30 s: ${spec.method} ${spec.path}`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Writes the head and the first `truncateAt` bytes of the body, then closes the connection: the server
 * must survive it (whatever it answers, if it can answer at all). Resolves with status 0 when the server
 * answered nothing before the socket closed.
 */
function sendTruncated(baseUrl: string, spec: RequestSpec): Promise<Reply> {
  const { body = Buffer.alloc(0), headers } = encode(spec);
  const url = new URL(`${baseUrl}${spec.path}`);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      const split = received.indexOf('\r\n\r\n');
      resolve(parse(match ? Number(match[1]) : 0, {}, split >= 0 ? received.slice(split + 4) : ''));
    });
    socket.on('connect', () => {
      const head =
        `${spec.method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        '\r\n';
      socket.write(head);
      socket.write(body.subarray(0, spec.truncateAt), () => {
        // Half-close: the request body ends early; the server may still answer before the socket goes.
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      });
    });
  });
}
