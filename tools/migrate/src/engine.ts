// Loads Prisma's WebAssembly schema engine without --experimental-wasm-modules: the package's
// entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 refuses by default,
// so we instantiate the .wasm ourselves and hand it to the JS glue, exactly as that entry would.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SchemaEngine as SchemaEngineT } from '@prisma/schema-engine-wasm';

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

export type SchemaEngine = SchemaEngineT;
export type {
  MigrationList,
  MigrationDirectory,
  SchemaFilter,
  DiffParams,
} from '@prisma/schema-engine-wasm';

let loading: Promise<Bg> | undefined;

// lib.dom is not in this project's libs and @types/node 20 does not declare the WebAssembly global.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function loadSchemaEngineModule(): Promise<Bg> {
  loading ??= (async () => {
    const bgPath = createRequire(__filename).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg: Bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(bgPath.replace(/\.js$/, '.wasm'));
    const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return loading;
}

export const NO_FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };
