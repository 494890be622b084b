import { NextResponse, type NextRequest } from 'next/server';
import { webConfig } from './lib/config';

// Same-origin proxy to the API so the session cookie is first-party (no CORS, SameSite works).
// Read per request from the running server's environment, unlike next.config rewrites.
export function proxy(request: NextRequest) {
  const { apiUrl } = webConfig();
  const target = new URL(`${apiUrl}${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.rewrite(target);
}

export const config = {
  matcher: ['/api/:path*', '/graphql'],
};
