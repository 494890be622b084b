import { meridianVitest } from '../../vitest.shared';

export default meridianVitest(__dirname, { testTimeout: 30_000 });
