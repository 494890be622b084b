import { Injectable } from '@nestjs/common';
import type { Role } from '@meridian/domain';
import type { Principal } from './context';
import { TtlCache } from './ttl-cache';
import type { ApiConfig } from '../config';
import { InjectConfig } from './tokens';

/** Caches credential → principal and (user, org) → role; any change to either clears both. */
@Injectable()
export class AccessCache {
  readonly principals: TtlCache<Principal>;
  readonly roles: TtlCache<Role | null>;
  constructor(@InjectConfig() config: ApiConfig) {
    this.principals = new TtlCache(config.AUTH_CACHE_TTL_MS);
    this.roles = new TtlCache(config.AUTH_CACHE_TTL_MS);
  }
  invalidate(): void {
    this.principals.clear();
    this.roles.clear();
  }
}
