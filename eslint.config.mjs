// Module boundaries are the point of this file: compute libs stay pure (no NestJS, Prisma, HTTP,
// queues, React), apps compose libs, libs never import apps.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const banned = ['@nestjs/*', '@prisma/*', 'prisma', 'fastify', '@fastify/*', 'bullmq', 'ioredis', 'pg', '@electric-sql/*', 'next', 'next/*', 'react', 'react-dom', 'express'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', '**/generated/**', '**/test-output/**', '**/*.mjs', '**/*.js', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: banned },
            { sourceTag: 'type:compute', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: banned },
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: banned.filter((b) => !b.startsWith('react')) },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:compute'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:compute', 'type:feature', 'type:sdk'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
