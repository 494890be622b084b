// One place that makes every package's vitest resolve @meridian/* to sources (no build needed
// for unit tests) and, for NestJS code, compile with SWC so decorator metadata exists.
import { readdirSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig as UserConfig } from 'vitest/config';

const root = __dirname;

function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of ['libs', 'tools']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const entry = join(base, name, 'src', 'index.ts');
      if (existsSync(entry)) aliases[`@meridian/${name}`] = entry;
    }
  }
  return aliases;
}

export interface MeridianTestOptions {
  /** NestJS code needs emitDecoratorMetadata, which esbuild/oxc do not emit: use SWC. */
  decorators?: boolean;
  include?: string[];
  testTimeout?: number;
  /** Integration suites share one database: run files one after another. */
  serial?: boolean;
  setupFiles?: string[];
  globalSetup?: string[];
  /** Distinguishes a second suite of the same package (e.g. e2e) in test-output/vitest. */
  reportSuffix?: string;
}

export async function meridianVitest(dirname: string, opts: MeridianTestOptions = {}): Promise<UserConfig> {
  const plugins = [];
  if (opts.decorators) {
    const swc = (await import('unplugin-swc')).default;
    plugins.push(
      swc.vite({
        // The root .swcrc emits CommonJS for builds; under vitest that turns imports into native
        // require() calls that cannot load .ts files, so tests ignore it and emit ES modules.
        swcrc: false,
        module: { type: 'es6' },
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
      }),
    );
  }
  return defineConfig({
    root: dirname,
    plugins,
    resolve: { alias: workspaceAliases() },
    test: {
      include: opts.include ?? ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      environment: 'node',
      testTimeout: opts.testTimeout ?? 20_000,
      hookTimeout: 120_000,
      env: { TZ: 'UTC' },
      setupFiles: opts.setupFiles,
      globalSetup: opts.globalSetup,
      fileParallelism: opts.serial ? false : undefined,
      // The JSON report lets tools/scripts/test.mjs print one total for the whole monorepo.
      reporters: ['default', 'json'],
      outputFile: { json: join(root, 'test-output', 'vitest', relative(root, dirname), `report${opts.reportSuffix ?? ''}.json`) },
    },
  }) as UserConfig;
}

export const workspaceRoot = resolve(root);
