import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createClient } from './index';

// Real HTTP: what the client puts on the wire for a multipart upload, and how it reads answers.
let server: Server;
let baseUrl: string;
let last: { method: string; url: string; contentType: string; auth: string; body: string } | null = null;
let polls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type']), auth: String(req.headers.authorization), body: Buffer.concat(chunks).toString('latin1') };
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/datasets/big/versions')) {
        res.statusCode = 413;
        res.end(JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than the upload limit', correlationId: 'c1' } }));
      } else if (req.method === 'POST') {
        res.statusCode = 201;
        res.end(JSON.stringify({ created: true, version: { id: 'v1', version: 1, profileStatus: 'PENDING' } }));
      } else {
        polls++;
        res.end(JSON.stringify({ id: 'v1', profileStatus: polls < 3 ? 'RUNNING' : 'READY', profile: polls < 3 ? null : { rows: 2 } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('datasets client', () => {
  it('uploads a Blob as multipart with the target column before the file', async () => {
    const client = createClient({ baseUrl, apiKey: 'mrd_x_y' });
    const res = await client.datasets.uploadVersion('o1', 'd1', new Blob(['a,label\n1,0\n']), { fileName: 'train.csv', targetColumn: 'label' });
    expect(res.created).toBe(true);
    expect(last).toMatchObject({ method: 'POST', url: '/api/orgs/o1/datasets/d1/versions', auth: 'Bearer mrd_x_y' });
    expect(last!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const body = last!.body;
    expect(body.indexOf('name="targetColumn"')).toBeLessThan(body.indexOf('name="file"; filename="train.csv"'));
    expect(body).toContain('a,label\n1,0\n');
  });

  it('turns a 413 into an ApiError with the API code and message', async () => {
    const client = createClient({ baseUrl });
    const err = await client.datasets.uploadVersion('o1', 'big', new Blob(['x']), { fileName: 'x.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', correlationId: 'c1' });
  });

  it('waits for the profile', async () => {
    const client = createClient({ baseUrl });
    const v = await client.datasets.waitForProfile('o1', 'd1', 'v1', { intervalMs: 10 });
    expect(v.profileStatus).toBe('READY');
    expect(polls).toBe(3);
    expect(client.datasets.downloadUrl('o1', 'd1', 'v1')).toBe(`${baseUrl}/api/orgs/o1/datasets/d1/versions/v1/download`);
  });
});
