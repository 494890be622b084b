// The API process. Configuration errors stop start-up with the variable named; SIGTERM/SIGINT
// close the HTTP server, the queue and the database in that order.
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nFix the variables above (see apps/api/README.md) and start again.\n`);
      process.exit(78);
    }
    throw e;
  }
  const api = await createApp(config);
  const url = await api.listen();
  const summary = {
    url,
    docs: `${url}/api/docs`,
    database: api.database.kind,
    queue: api.queue.kind,
    jobsInProcess: config.jobsInProcess,
    ...(api.demo ? { demoLogin: { email: api.demo.email, password: api.demo.password } } : {}),
  };
  process.stdout.write(`${JSON.stringify({ msg: 'meridian api ready', ...summary })}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${JSON.stringify({ msg: `received ${signal}, shutting down` })}\n`);
    api.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`meridian api failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
