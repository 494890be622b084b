// Dataset helpers shared by datasets.spec and the tenancy/role suites.
import { expect } from 'vitest';
import type { Harness, RequestOpts, TestUser } from './harness';

/** A multipart/form-data body with text fields first, then the file in a part named "file". */
export function multipart(fileName: string, bytes: Buffer, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----meridian${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A dataset with one uploaded version in the owner's project. */
export async function makeDataset(h: Harness, owner: TestUser, projectId: string): Promise<{ datasetId: string; datasetVersionId: string }> {
  const ds = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/datasets`, cookie: owner.cookie, body: { name: `probe-${Math.random().toString(36).slice(2)}` } });
  expect(ds.status, ds.text).toBe(201);
  const datasetId = ds.json<{ id: string }>().id;
  const up = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/datasets/${datasetId}/versions`, cookie: owner.cookie, ...multipart('probe.csv', Buffer.from(`a,b\n1,${Math.random()}\n`)) });
  expect(up.status, up.text).toBe(201);
  return { datasetId, datasetVersionId: up.json<{ version: { id: string } }>().version.id };
}

/** Every dataset operation on `target`'s objects under the organisation path `o`. */
export function datasetRequests(o: string, target: { projectId: string; datasetId: string; datasetVersionId: string }): RequestOpts[] {
  const v = `${o}/datasets/${target.datasetId}/versions/${target.datasetVersionId}`;
  return [
    { method: 'GET', url: `${o}/projects/${target.projectId}/datasets` },
    { method: 'POST', url: `${o}/projects/${target.projectId}/datasets`, body: { name: 'Intruder dataset' } },
    { method: 'GET', url: `${o}/datasets/${target.datasetId}` },
    { method: 'GET', url: `${o}/datasets/${target.datasetId}/versions` },
    { method: 'POST', url: `${o}/datasets/${target.datasetId}/versions`, ...multipart('intruder.csv', Buffer.from('a\n1\n')) },
    { method: 'GET', url: v },
    { method: 'GET', url: `${v}/preview` },
    { method: 'GET', url: `${v}/download` },
    { method: 'POST', url: `${v}/profile`, body: {} },
    { method: 'PATCH', url: `${v}/governance`, body: { licence: 'hijacked' } },
  ];
}

/** Dataset writes and the lowest role allowed to make them. */
export function datasetWrites(base: string, target: { projectId: string; datasetId: string; datasetVersionId: string }): [RequestOpts, 'MEMBER'][] {
  return [
    [{ method: 'POST', url: `${base}/projects/${target.projectId}/datasets`, body: { name: `Role probe ${Math.random()}` } }, 'MEMBER'],
    [{ method: 'POST', url: `${base}/datasets/${target.datasetId}/versions`, ...multipart('role.csv', Buffer.from(`a\n${Math.random()}\n`)) }, 'MEMBER'],
    [{ method: 'PATCH', url: `${base}/datasets/${target.datasetId}/versions/${target.datasetVersionId}/governance`, body: { licence: `CC-BY ${Math.random()}` } }, 'MEMBER'],
  ];
}
