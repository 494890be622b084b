'use client';

/** Opens the browser's print dialog (save as PDF there); the page's print styles drop navigation and forms. */
export function PrintButton() {
  return (
    <button type="button" className="btn btn-sm" onClick={() => window.print()}>
      Print
    </button>
  );
}
