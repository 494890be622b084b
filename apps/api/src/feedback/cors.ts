// CORS for the embeddable feedback endpoints: any origin, never credentials (no cookies reach
// them, so a foreign page cannot act as a signed-in user). Every other route keeps the dashboard
// origin with credentials.
const EMBED_PREFIX = '/api/public/feedback';

export function isEmbeddableRoute(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split('?')[0];
  return path === EMBED_PREFIX || path.startsWith(`${EMBED_PREFIX}/`);
}

export const EMBED_CORS = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['content-type', 'x-feedback-key'],
  exposedHeaders: ['x-request-id', 'retry-after'],
  maxAge: 600,
};
