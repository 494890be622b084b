// Container health check for the worker (no HTTP port): exit 0 when the worker's configuration is
// valid and both PostgreSQL and Redis answer, the same readiness the worker checks at start.
// Used by docker/Dockerfile: `node apps/worker/dist/healthcheck.js`.
import { openDatabase } from '@meridian/db';
import { createQueue } from '@meridian/queue';
import { loadConfig } from './config';

export async function checkHealth(env: NodeJS.ProcessEnv): Promise<string[]> {
  const problems: string[] = [];
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    return [(err as Error).message];
  }
  try {
    const db = await openDatabase({ url: config.DATABASE_URL, poolSize: 1 });
    try {
      await db.ping();
    } finally {
      await db.close();
    }
  } catch (err) {
    problems.push((err as Error).message);
  }
  const queue = createQueue({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
  try {
    await queue.ping();
  } catch (err) {
    problems.push((err as Error).message);
  } finally {
    await queue.close();
  }
  return problems;
}

if (require.main === module) {
  const timer = setTimeout(() => {
    console.error('unhealthy: no answer within 4 s');
    process.exit(1);
  }, 4_000);
  checkHealth(process.env).then((problems) => {
    clearTimeout(timer);
    if (problems.length) console.error(`unhealthy: ${problems.join('; ')}`);
    process.exit(problems.length ? 1 : 0);
  });
}
