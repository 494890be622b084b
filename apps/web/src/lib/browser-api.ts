'use client';
import { createClient } from '@meridian/sdk';

/** Browser calls go to the dashboard's own origin; src/proxy.ts forwards them to the API. */
export const browserApi = createClient({ baseUrl: '' });
