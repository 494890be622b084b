import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@meridian/db';
import type { JobQueue } from '@meridian/queue';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators';
import { InjectDatabase, InjectQueue } from '../common/tokens';

type Check = { status: 'up'; kind: string } | { status: 'down'; kind: string; error: string };

const TIMEOUT_MS = 3_000;

async function check(kind: string, ping: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', kind };
  } catch (e) {
    return { status: 'down', kind, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDatabase() private readonly db: Database,
    @InjectQueue() private readonly queue: JobQueue,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and the queue answer (503 names the one that does not)' })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const [database, queue] = await Promise.all([check(this.db.kind, () => this.db.ping()), check(this.queue.kind, () => this.queue.ping())]);
    const ok = database.status === 'up' && queue.status === 'up';
    await reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, queue } });
  }
}
