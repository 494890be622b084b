// A minimal imitation of the S3 REST protocol (path-style) for tests: PutObject, the multipart
// calls, CopyObject, GetObject, HeadObject, DeleteObject. It is NOT an object store and proves
// nothing about AWS, MinIO or R2 themselves; it lets the contract suite drive the real AWS SDK v3
// client code over real HTTP, where no S3-compatible server can be installed (offline machines).
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObject {
  body: Buffer;
  meta: Record<string, string>;
  contentType?: string;
}

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  objects: Map<string, FakeObject>;
  /** Multipart uploads started and neither completed nor aborted. */
  uploads: Map<string, { key: string; parts: Map<number, Buffer> }>;
  calls: string[];
  close(): Promise<void>;
}

const xml = (s: string) => `<?xml version="1.0" encoding="UTF-8"?>${s}`;
const etag = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** aws-chunked bodies (streaming uploads with trailing checksums) carry framing around the data. */
function decodeAwsChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString().split(';')[0], 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function metaOf(req: IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-meta-') && typeof v === 'string') meta[k.slice('x-amz-meta-'.length)] = v;
  return meta;
}

function notFound(res: ServerResponse, head: boolean) {
  res.statusCode = 404;
  if (head) return res.end();
  res.setHeader('content-type', 'application/xml');
  res.end(xml('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'));
}

export async function startFakeS3(bucket = 'meridian-test'): Promise<FakeS3> {
  const objects = new Map<string, FakeObject>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const [, b, ...rest] = url.pathname.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      if (b !== bucket) {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/xml');
        return res.end(xml('<Error><Code>NoSuchBucket</Code><Message>No such bucket</Message></Error>'));
      }
      const raw = await readBody(req);
      const body = String(req.headers['content-encoding'] ?? '').includes('aws-chunked') || String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-') ? decodeAwsChunked(raw) : raw;
      const q = url.searchParams;
      const m = req.method ?? 'GET';
      if (m === 'POST' && q.has('uploads')) {
        calls.push(`CreateMultipartUpload ${key}`);
        const id = randomUUID();
        uploads.set(id, { key, parts: new Map() });
        res.setHeader('content-type', 'application/xml');
        return res.end(xml(`<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`));
      }
      if (m === 'PUT' && q.has('uploadId')) {
        calls.push(`UploadPart ${key} #${q.get('partNumber')}`);
        const up = uploads.get(q.get('uploadId') ?? '');
        if (!up) return notFound(res, false);
        up.parts.set(Number(q.get('partNumber')), body);
        res.setHeader('etag', etag(body));
        return res.end();
      }
      if (m === 'POST' && q.has('uploadId')) {
        calls.push(`CompleteMultipartUpload ${key}`);
        const id = q.get('uploadId') ?? '';
        const up = uploads.get(id);
        if (!up) return notFound(res, false);
        const whole = Buffer.concat([...up.parts.entries()].sort((a, z) => a[0] - z[0]).map((e) => e[1]));
        uploads.delete(id);
        objects.set(key, { body: whole, meta: {} });
        res.setHeader('content-type', 'application/xml');
        return res.end(xml(`<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>${etag(whole)}</ETag></CompleteMultipartUploadResult>`));
      }
      if (m === 'DELETE' && q.has('uploadId')) {
        calls.push(`AbortMultipartUpload ${key}`);
        uploads.delete(q.get('uploadId') ?? '');
        res.statusCode = 204;
        return res.end();
      }
      if (m === 'PUT' && req.headers['x-amz-copy-source']) {
        const src = decodeURIComponent(String(req.headers['x-amz-copy-source'])).replace(/^\//, '');
        calls.push(`CopyObject ${src} -> ${key}`);
        const from = objects.get(src.slice(bucket.length + 1));
        if (!src.startsWith(`${bucket}/`) || !from) return notFound(res, false);
        const replace = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
        objects.set(key, { body: Buffer.from(from.body), meta: replace ? metaOf(req) : { ...from.meta }, contentType: replace ? req.headers['content-type'] : from.contentType });
        res.setHeader('content-type', 'application/xml');
        return res.end(xml(`<CopyObjectResult><ETag>${etag(from.body)}</ETag><LastModified>${new Date().toISOString()}</LastModified></CopyObjectResult>`));
      }
      if (m === 'PUT') {
        calls.push(`PutObject ${key}`);
        objects.set(key, { body, meta: metaOf(req), contentType: req.headers['content-type'] });
        res.setHeader('etag', etag(body));
        return res.end();
      }
      if (m === 'GET' || m === 'HEAD') {
        calls.push(`${m === 'GET' ? 'GetObject' : 'HeadObject'} ${key}`);
        const o = objects.get(key);
        if (!o) return notFound(res, m === 'HEAD');
        res.setHeader('content-length', String(o.body.length));
        res.setHeader('etag', etag(o.body));
        res.setHeader('content-type', o.contentType ?? 'application/octet-stream');
        res.setHeader('last-modified', new Date().toUTCString());
        for (const [k, v] of Object.entries(o.meta)) res.setHeader(`x-amz-meta-${k}`, v);
        return res.end(m === 'GET' ? o.body : undefined);
      }
      if (m === 'DELETE') {
        calls.push(`DeleteObject ${key}`);
        objects.delete(key);
        res.statusCode = 204;
        return res.end();
      }
      res.statusCode = 400;
      res.end();
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, bucket, objects, uploads, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
