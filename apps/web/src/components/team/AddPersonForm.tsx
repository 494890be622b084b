'use client';
// Adds a person to the team (with or without a login): role from the built-in and custom list,
// skills typed as "Python 4, SQL 3" (levels 1 to 5).
import type { TeamRoleView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FormError, useApiForm } from '../../lib/forms';

/** "Python 4, SQL 3" → [{ name: 'Python', level: 4 }, ...]; a missing level reads as 3. */
export function parseSkills(text: string): { name: string; level: number }[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(.*?)[\s:]+(\d+)$/.exec(s);
      return m ? { name: m[1].trim(), level: Number(m[2]) } : { name: s, level: 3 };
    });
}

export function AddPersonForm(props: { orgId: string; roles: TeamRoleView[] }) {
  // No known fields: every problem is shown above the form, as before.
  const { formError: error, busy, onSubmit } = useApiForm([], async (data) => {
    await browserApi.team.createMember(props.orgId, {
      name: String(data.get('name') ?? ''),
      role: String(data.get('role') ?? ''),
      title: String(data.get('title') ?? ''),
      email: data.get('email') ? String(data.get('email')) : null,
      skills: parseSkills(String(data.get('skills') ?? '')),
    });
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add a person">
      <FormError message={error} />
      <div className="form-row">
        <label className="field">
          <span className="label">Name</span>
          <input name="name" required maxLength={120} />
        </label>
        <label className="field">
          <span className="label">Job role</span>
          <select name="role" required>
            {props.roles.map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Title (optional)</span>
          <input name="title" maxLength={120} />
        </label>
        <label className="field">
          <span className="label">Email (optional)</span>
          <input name="email" type="email" maxLength={254} />
        </label>
      </div>
      <label className="field">
        <span className="label">Skills with levels 1–5</span>
        <input name="skills" placeholder="Python 4, SQL 3" />
      </label>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Add person
        </button>
      </div>
    </form>
  );
}
