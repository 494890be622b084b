import { meridianVitest } from '../../vitest.shared';

// Opening and migrating an embedded PGlite costs seconds of CPU on a loaded machine.
export default meridianVitest(__dirname, { testTimeout: 120_000 });
