import { meridianVitest } from '../../vitest.shared';

// Waits are for events (completion, failure), bounded generously so a loaded CI box is slower, not red.
export default meridianVitest(__dirname, { testTimeout: 60_000 });
