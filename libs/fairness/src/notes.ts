import type { FairnessNote } from '@meridian/domain';

/** Collects why values are undefined (or were set by a convention) while they are computed. */
export class Notes {
  private readonly byPath = new Map<string, string>();

  add(path: string, message: string): void {
    const prev = this.byPath.get(path);
    if (prev === undefined) this.byPath.set(path, message);
    else if (!prev.includes(message)) this.byPath.set(path, `${prev}; ${message}`);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** The note for `path` or for its nearest ancestor (a group note covers its metrics). */
  explain(path: string): string | undefined {
    let p = path;
    for (;;) {
      const m = this.byPath.get(p);
      if (m !== undefined) return m;
      const cut = p.lastIndexOf('.');
      if (cut < 0) return undefined;
      p = p.slice(0, cut);
    }
  }

  list(): FairnessNote[] {
    return [...this.byPath].map(([path, message]) => ({ path, message }));
  }
}
