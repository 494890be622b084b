'use client';
import { useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { ApiError, errorFromResponse } from '@meridian/sdk';
import type { DatasetUploadResult } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { formatBytes } from './format';

type State = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'processing' } | { kind: 'error'; message: string } | { kind: 'done'; result: DatasetUploadResult };

/**
 * Uploads with XMLHttpRequest because fetch reports no upload progress; the bytes stream through
 * the dashboard's proxy to the API, which streams them to the artifact store.
 */
export function UploadVersion({ orgId, datasetId }: { orgId: string; datasetId: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setState({ kind: 'error', message: 'Choose a non-empty .csv, .jsonl or .idx file first.' });
      return;
    }
    const body = new FormData();
    const target = String(form.get('targetColumn') ?? '').trim();
    if (target) body.append('targetColumn', target);
    body.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open('POST', browserApi.datasets.uploadUrl(orgId, datasetId));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (ev) => setState({ kind: 'uploading', loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size });
    xhr.upload.onload = () => setState({ kind: 'processing' });
    xhr.onerror = () => setState({ kind: 'error', message: 'The upload was interrupted (network error). Check your connection and try again.' });
    xhr.onabort = () => setState({ kind: 'idle' });
    xhr.onload = async () => {
      xhrRef.current = null;
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' } });
      if (xhr.status >= 200 && xhr.status < 300) {
        const result = (await res.json()) as DatasetUploadResult;
        setState({ kind: 'done', result });
        router.push(`/orgs/${orgId}/datasets/${datasetId}/versions/${result.version.id}${result.created ? '' : '?existing=1'}`);
        return;
      }
      const err = await errorFromResponse(res);
      setState({ kind: 'error', message: err instanceof ApiError ? err.message : 'The upload failed.' });
    };
    setState({ kind: 'uploading', loaded: 0, total: file.size });
    xhr.send(body);
  }

  const pct = state.kind === 'uploading' && state.total > 0 ? Math.round((state.loaded / state.total) * 100) : state.kind === 'processing' || state.kind === 'done' ? 100 : 0;
  const busy = state.kind === 'uploading' || state.kind === 'processing';
  return (
    <form className="form" onSubmit={submit} aria-label="Upload a new version">
      <div className="grid-2">
        <label className="field">
          <span className="label">File (.csv, .jsonl, .idx)</span>
          <input type="file" name="file" accept=".csv,.jsonl,.ndjson,.idx,.idx1-ubyte,.idx3-ubyte" required disabled={busy} />
        </label>
        <label className="field">
          <span className="label">Label column (optional)</span>
          <input type="text" name="targetColumn" maxLength={200} placeholder="e.g. label — used for class balance" disabled={busy} />
        </label>
      </div>
      {state.kind !== 'idle' && state.kind !== 'error' ? (
        <div aria-live="polite">
          <div className="progress" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <span style={{ width: `${pct}%` }} />
          </div>
          <p className="muted" data-testid="upload-status">
            {state.kind === 'uploading'
              ? `Uploading ${formatBytes(state.loaded)} of ${formatBytes(state.total)} (${pct} %)`
              : state.kind === 'processing'
                ? 'Uploaded; the server is checking the hash…'
                : state.result.created
                  ? `Version ${state.result.version.version} created.`
                  : `These bytes are already version ${state.result.version.version}.`}
          </p>
        </div>
      ) : null}
      {state.kind === 'error' ? (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <div style={{ display: 'flex', gap: 8 }}>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Upload
        </button>
        {state.kind === 'uploading' ? (
          <button className="btn" type="button" onClick={() => xhrRef.current?.abort()}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
