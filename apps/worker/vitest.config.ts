import { meridianVitest } from '../../vitest.shared';

// Each test starts real worker processes (SWC-compiled sources): slow on a loaded machine.
export default meridianVitest(__dirname, { decorators: true, serial: true, testTimeout: 120_000 });
