import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="auth-main" style={{ minHeight: '70vh' }}>
      <div className="auth-card" style={{ textAlign: 'center' }}>
        <h1>Not found</h1>
        <p className="lead" style={{ marginTop: 8 }}>
          This page does not exist, or it belongs to an organisation you are not a member of.
        </p>
        <Link className="btn btn-primary" href="/">
          Go to your workspace
        </Link>
      </div>
    </main>
  );
}
