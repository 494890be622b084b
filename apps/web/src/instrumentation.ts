// Runs once when the Next.js server starts. The Node-only check lives in its own module so the
// edge bundle never sees process.exit (NEXT_RUNTIME is inlined, the import is dropped there).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigAtStartup } = await import('./lib/startup-check');
    checkConfigAtStartup();
  }
}
