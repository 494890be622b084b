import { meridianVitest } from '../../vitest.shared';

// Browser tests: a real API (embedded PGlite + in-process queue), the real `next start` build and
// Debian's Chromium. One file at a time; they share nothing but the machine's two cores.
export default meridianVitest(__dirname, {
  include: ['e2e/**/*.e2e.ts'],
  testTimeout: 120_000,
  serial: true,
  reportSuffix: '-e2e',
});
