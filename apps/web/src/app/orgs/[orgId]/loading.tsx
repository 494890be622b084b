// Shown inside the shell while a section's server component waits for the API, so navigation
// answers at once and the sidebar stays put.
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="stack">
      <span className="sr-only">Loading…</span>
      <div className="skeleton" style={{ width: 220, height: 26 }} />
      <div className="skeleton" style={{ width: '60%', height: 16 }} />
      <div className="skeleton" style={{ height: 220 }} />
    </div>
  );
}
