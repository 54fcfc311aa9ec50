/**
 * Runs a table-producing function in child processes under several process time zones (TZ), so a test can compare
 * each result with the table computed in-process: any accidental use of the local zone shows up as a difference.
 */
import { execFile } from 'child_process'
import { createRequire } from 'module'
import path from 'path'
import { promisify } from 'util'

export const TEST_ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'] as const

export interface ZoneRun {
  /** The zone the child reported it ran in. */
  tz: string
  table: unknown
  stderr: string
}

/** `modulePath` exports `exportName`, a function of no arguments returning JSON-serialisable data. */
export async function tableUnderTimeZones(
  modulePath: string,
  exportName: string,
  zones: readonly string[] = TEST_ZONES
): Promise<Map<string, ZoneRun>> {
  const exec = promisify(execFile)
  const tsx = createRequire(__filename).resolve('tsx/cli')
  const script = path.join(__dirname, 'print-table.ts')
  const runs = new Map<string, ZoneRun>()
  // The children start together; each computes the table under its own TZ.
  await Promise.all(
    zones.map(async (tz) => {
      const { stdout, stderr } = await exec(process.execPath, [tsx, script, modulePath, exportName], {
        env: { ...process.env, TZ: tz }
      })
      const out = JSON.parse(stdout) as { tz: string; table: unknown }
      runs.set(tz, { tz: out.tz, table: out.table, stderr })
    })
  )
  return runs
}
