import type { ReactNode } from 'react';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth">
      <aside className="auth-aside" aria-hidden="true">
        <div className="brand">
          <span className="brand-mark">M</span> Meridian
        </div>
        <div>
          <h2>The AI startup’s operating system, from dataset to runway.</h2>
          <ul>
            <li>Projects with a lifecycle stage, a business model and a measurable goal.</li>
            <li>Datasets, training runs and a model registry with lineage.</li>
            <li>Fairness audits, risks and compliance evidence that gate production.</li>
            <li>Team, milestones, costs, runway and what users think.</li>
          </ul>
        </div>
        <p style={{ color: '#aab3f5', fontSize: 12 }}>Open source · self-hosted · your data stays yours</p>
      </aside>
      <main className="auth-main">
        <div className="auth-card">{children}</div>
      </main>
    </div>
  );
}
