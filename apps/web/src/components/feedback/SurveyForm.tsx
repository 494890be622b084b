'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function SurveyForm({ orgId, projectId }: { orgId: string; projectId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    try {
      await browserApi.feedback.surveys.create(orgId, projectId, { name: String(d.get('name') ?? ''), kind: String(d.get('kind')) as 'NPS', question: String(d.get('question') ?? '') });
      form.reset();
      setError(null);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'The survey could not be saved');
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-label="New survey">
      <div className="grid-3">
        <label className="field">
          <span className="label">Name</span>
          <input name="name" required maxLength={120} />
        </label>
        <label className="field">
          <span className="label">Kind</span>
          <select name="kind" defaultValue="NPS">
            <option value="NPS">NPS (0–10)</option>
            <option value="CSAT">CSAT (1–5)</option>
            <option value="THUMBS">Thumbs up/down</option>
            <option value="TEXT">Free text</option>
          </select>
        </label>
        <label className="field">
          <span className="label">Question</span>
          <input name="question" required maxLength={500} />
        </label>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button className="btn" type="submit">
          Add survey
        </button>
      </div>
    </form>
  );
}
