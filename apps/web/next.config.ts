import { resolve } from 'node:path';
import type { NextConfig } from 'next';

// The API proxy (/api/*, /graphql) lives in src/proxy.ts rather than `rewrites()`: rewrites are
// frozen into the build, while API_URL must be read when `next start` runs (the same build serves
// every environment). Default output: `next start` serves .next/ (npm start and the Docker image).
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@meridian/sdk', '@meridian/domain', '@meridian/finance'],
  // The monorepo root, so Turbopack resolves the workspace libs and hoisted node_modules.
  turbopack: { root: resolve(__dirname, '../..') },
  // Type checking is the separate `typecheck` target (tsc, Nx-cached); running it again inside
  // `next build` doubles the cost on CI's 2 cores for no extra safety.
  typescript: { tsconfigPath: 'tsconfig.json', ignoreBuildErrors: true },
  // Dataset uploads pass through src/proxy.ts, which holds a request body up to this size (10 MB by
  // default); match the API's DATASET_MAX_BYTES default so the API, not the proxy, sets the limit.
  experimental: { proxyClientMaxBodySize: '500mb' },
};

export default config;
