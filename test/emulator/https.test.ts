import { request } from 'node:https';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatEmulatorServer, type ChatEmulatorServer } from '../../src/emulator/index.ts';
import { urlFor } from './helpers.ts';
import { skipRequestValidation } from '../support/emulator.ts';

let server: ChatEmulatorServer;

beforeAll(async () => {
  server = await createChatEmulatorServer({ https: true });
});
afterAll(() => server.close());

function get(url: string, options: { ca?: string; token?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = request(url, { ca: options.ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  it('serves HTTPS with a self-signed certificate it hands out as `ca`', async () => {
    skipRequestValidation(
      'an unauthenticated request on purpose (localhost is in the certificate)',
    );
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(server.connectionString).toBe(
      `endpoint=${server.url}/;accesskey=${server.emulator.accessKey}`,
    );
    const user = await server.emulator.createUser();
    const res = await get(urlFor(server.url, '/chat/threads'), {
      ca: server.ca,
      token: user.token,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ value: [] });
    // localhost is in the certificate too.
    const local = server.url.replace('127.0.0.1', 'localhost');
    expect((await get(urlFor(local, '/chat/threads'), { ca: server.ca })).status).toBe(401);
  });

  it('is not trusted without the ca', async () => {
    await expect(get(urlFor(server.url, '/chat/threads'))).rejects.toThrow(
      /self[- ]signed|certificate/i,
    );
  });

  it('works with global fetch once the ca is trusted', async () => {
    const defaults = getCACertificates('default');
    setDefaultCACertificates([...defaults, server.ca!]);
    try {
      const user = await server.emulator.createUser();
      const response = await fetch(urlFor(server.url, '/chat/threads'), {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ topic: 'Secure' }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toMatch(
        /^https:\/\/127\.0\.0\.1:\d+\/chat\/threads\//,
      );
    } finally {
      setDefaultCACertificates(defaults);
    }
  });
});
