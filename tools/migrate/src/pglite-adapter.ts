// pglite-prisma-adapter 0.7.2 runs executeScript without awaiting PGlite's exec: the promise it
// returns resolves before the SQL ran and a failing script becomes an unhandled rejection. The
// schema engine applies migration.sql files through executeScript, so a broken migration would be
// recorded as applied. This factory returns adapters whose executeScript awaits and rethrows, and
// closes the shadow databases it creates.
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

interface PGliteAdapterInternals {
  client: Pick<PGlite, 'exec'>;
  onError(err: unknown): never;
}

function fixExecuteScript(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as PGliteAdapterInternals;
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.exec(script);
    } catch (err) {
      internals.onError(err);
    }
  };
  return adapter;
}

export class PGliteAdapterFactory extends PrismaPGlite implements SqlMigrationAwareDriverAdapterFactory {
  override async connect(): Promise<SqlDriverAdapter> {
    return fixExecuteScript(await super.connect());
  }
  /** The upstream shadow database is never closed; this one is, when the engine disposes of it. */
  override async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = new PGlite();
    const adapter = fixExecuteScript(await new PrismaPGlite(shadow).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.close();
    };
    return adapter;
  }
}
