import { meridianVitest } from '../../vitest.shared';

export default meridianVitest(__dirname, { decorators: true, serial: true, testTimeout: 60_000 });
