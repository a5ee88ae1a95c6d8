/**
 * A client that never finishes its request (a slow upload, a stalled connection) does not hold the
 * API: once HTTP_REQUEST_TIMEOUT_MS has passed without the whole request, the server answers 408
 * and closes, and others are served meanwhile.
 */
import net from 'node:net';
import { type ApiTestApp, startApiApp } from './api-test-app';

let api: ApiTestApp;
let port: number;

beforeAll(async () => {
  api = await startApiApp({ HTTP_REQUEST_TIMEOUT_MS: '1500' });
  port = (api.app.getHttpServer().address() as net.AddressInfo).port;
});

afterAll(async () => {
  await api?.close();
});

/** Sends `head` and part of a body, then nothing: resolves with what the server answered. */
function stalledRequest(head: string): Promise<{ answer: string; ms: number; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, ms: Date.now() - started, closed: true }));
    setTimeout(() => {
      socket.destroy();
      resolve({ answer, ms: Date.now() - started, closed: false });
    }, 15_000).unref();
  });
}

it('answers 408 and closes a request whose body never arrives, and serves others meanwhile', async () => {
  const pending = stalledRequest(
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":',
  );
  // While that connection waits, the API answers another client at once.
  await api
    .http()
    .get('/health')
    .expect((res) => expect([200, 503]).toContain(res.status));
  const { answer, ms, closed } = await pending;
  expect(closed).toBe(true);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(ms).toBeGreaterThanOrEqual(1400);
  expect(ms).toBeLessThan(10_000);
});

it('answers 408 to a client that never finishes its headers', async () => {
  const { answer, closed } = await stalledRequest('GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
  expect(closed).toBe(true);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
});
