/**
 * Child-process side of tableUnderTimeZones: `tsx print-table.ts <module> <export>` prints
 * `{tz, table}` where table = the module's export called with no arguments.
 */
import path from 'path'

async function main(): Promise<void> {
  const [modulePath, exportName] = process.argv.slice(2)
  const mod = (await import(path.resolve(modulePath))) as Record<string, () => unknown>
  const table = mod[exportName]()
  process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, table }))
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err))
  process.exitCode = 1
})
