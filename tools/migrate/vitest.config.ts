import { meridianVitest } from '../../vitest.shared';

// Each embedded PGlite instance compiles its WebAssembly (about a second of CPU, far more when the
// machine is loaded): generous timeouts, so a busy CI box slows the suite down rather than failing it.
export default meridianVitest(__dirname, { testTimeout: 120_000 });
