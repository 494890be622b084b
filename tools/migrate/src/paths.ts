import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The monorepo root (the folder holding prisma/schema.prisma), found from `from` upwards; cwd when none. */
export function findWorkspaceRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function defaultPaths(root: string = findWorkspaceRoot()) {
  return {
    root,
    migrationsDir: join(root, 'prisma', 'migrations'),
    schemaPath: join(root, 'prisma', 'schema.prisma'),
    pgliteDataDir: join(root, '.data', 'pglite'),
  };
}
