'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { ProjectView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

export function NewDatasetForm({ orgId, projects, defaultProjectId }: { orgId: string; projects: Pick<ProjectView, 'id' | 'name'>[]; defaultProjectId?: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    setBusy(true);
    try {
      const ds = await browserApi.datasets.create(orgId, String(d.get('projectId')), { name: String(d.get('name') ?? ''), description: String(d.get('description') ?? '') });
      router.push(`/orgs/${orgId}/datasets/${ds.id}`);
    } catch (err) {
      const p = describeError(err, ['name', 'description']);
      setErrors(p.fields);
      setFormError(p.form);
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-label="New dataset">
      <div className="grid-3">
        <label className="field">
          <span className="label">Project</span>
          <select name="projectId" defaultValue={defaultProjectId ?? projects[0]?.id} required>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Name</span>
          <input type="text" name="name" required maxLength={100} placeholder="e.g. digits" aria-invalid={errors.name ? true : undefined} />
          {errors.name ? <span className="field-error">{errors.name}</span> : null}
        </label>
        <label className="field">
          <span className="label">Description</span>
          <input type="text" name="description" maxLength={2000} placeholder="Where the data comes from, what a row is" />
        </label>
      </div>
      {formError ? (
        <p className="alert alert-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create dataset'}
        </button>
      </div>
    </form>
  );
}
