// The dashboard's one configuration schema, read on the server only. A bad value stops the request
// (and `next start`'s first render) with a message naming the variable and what it expects.
export interface WebConfig {
  /** Where the Meridian API listens; the dashboard proxies /api/* and /graphql to it. */
  apiUrl: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseWebConfig(env: Record<string, string | undefined>): WebConfig {
  const raw = env.API_URL?.trim() || 'http://127.0.0.1:4000';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`API_URL must be an absolute http(s) URL like http://127.0.0.1:4000, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`API_URL must start with http:// or https://, got ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`API_URL must not carry a query or fragment, got ${JSON.stringify(raw)}`);
  }
  // Paths are appended as-is (/api/..., /graphql), so keep only origin + optional prefix.
  return { apiUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

let cached: WebConfig | undefined;
export function webConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
