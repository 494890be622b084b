export * from './enums';
export * from './errors';
export * from './common';
export * from './auth';
export * from './projects';
export * from './jobs';
