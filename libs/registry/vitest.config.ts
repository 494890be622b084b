import { meridianVitest } from '../../vitest.shared';

// The alias-move tests open a real (template-cloned) database.
export default meridianVitest(__dirname, { testTimeout: 60_000 });
