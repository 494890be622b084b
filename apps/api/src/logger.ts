import pino, { type Logger } from 'pino';
import { REDACT_PATHS } from './app.module';
import type { ApiConfig } from './config';

export function createLogger(config: Pick<ApiConfig, 'LOG_LEVEL' | 'LOG_PRETTY'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'api' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(config.LOG_PRETTY ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
  });
}
