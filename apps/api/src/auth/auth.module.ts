import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuditModule } from '../audit/audit.module';
import { OrgsModule } from '../orgs/orgs.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { AuthRateLimitGuard } from './rate-limit.guard';

/** Sessions, sign-up/login and the global guard every route and resolver passes through. */
@Module({
  imports: [AuditModule, OrgsModule, ApiKeysModule],
  controllers: [AuthController],
  providers: [AuthRepository, AuthService, AuthRateLimitGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
