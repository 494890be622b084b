import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError } from '../common/app-error';
import { Public } from '../common/decorators';
import { InjectConfig } from '../common/tokens';
import type { ApiConfig } from '../config';
import { hashesEqual, sha256 } from '../auth/tokens';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint, outside /api. Public unless METRICS_TOKEN is set (then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`): it exposes counts and latencies, never tenant data.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const token = this.config.METRICS_TOKEN;
    if (token) {
      const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!hashesEqual(sha256(presented), sha256(token))) throw AppError.unauthenticated('GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`');
    }
    const body = await this.metrics.registry.metrics();
    await reply.type(this.metrics.registry.contentType).send(body);
  }
}
