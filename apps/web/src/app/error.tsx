'use client';
import Link from 'next/link';

// Errors from server components reach the browser without their message in production; the
// digest matches the server log line, so it is what support needs.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="auth-main" style={{ minHeight: '70vh' }}>
      <div className="auth-card">
        <h1>Something went wrong</h1>
        <p className="lead" style={{ marginTop: 8 }}>
          The dashboard could not load this page. If the Meridian API is restarting, trying again in a moment usually works.
          {error.digest ? ` Reference: ${error.digest}.` : ''}
        </p>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={reset}>
            Try again
          </button>
          <Link className="btn" href="/">
            Home
          </Link>
        </div>
      </div>
    </main>
  );
}
