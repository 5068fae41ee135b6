import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * No single request may end the process: faults that escape a route's promise chain are answered 500
 * with the error envelope and the request id, and the server keeps serving everyone else.
 */
let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'faulty-server.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 200 && !/listening (\d+)/.test(output); i++)
    await new Promise((r) => setTimeout(r, 25));
  base = `http://127.0.0.1:${/listening (\d+)/.exec(output)![1]}`;
});
afterAll(() => {
  child.kill('SIGKILL');
});

async function call(pathname: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${pathname}`, {
    ...init,
    headers: { 'X-Request-Id': `req-${pathname.slice(1)}` },
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; details: unknown } } };
}

it.each([
  ['a throwing listener of the request stream', '/stream-listener', { method: 'POST', body: 'x' }],
  ['a throwing timer the request scheduled', '/timer', {}],
  ['a rejected promise nobody awaited', '/rejection', {}],
])('%s is answered 500 with its request id and the server keeps serving', async (_what, route, init) => {
  const res = await call(route, init);
  expect(res.status).toBe(500);
  expect(res.body.error).toEqual({
    code: 'INTERNAL',
    message: '服务器内部错误，请稍后重试',
    details: { requestId: `req-${route.slice(1)}` },
  });
  expect((await call('/ok')).body).toEqual({ ok: true });
  expect(child.exitCode).toBeNull();
  expect(output).not.toMatch(/fatal/);
  expect(output).toContain(`"req":{"id":"req-${route.slice(1)}"`);
});
