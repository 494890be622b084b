import { ConfigError, parseWebConfig } from './config';

/** A malformed API_URL stops `next start` with a message naming the variable, like the API does. */
export function checkConfigAtStartup(): void {
  try {
    parseWebConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Invalid dashboard configuration: ${err.message}\nFix the variable and start again.\n`);
      process.exit(78);
    }
    throw err;
  }
}
