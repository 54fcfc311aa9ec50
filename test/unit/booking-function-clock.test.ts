/**
 * Function code takes its time only from the invocation's now (`ctx.now`, or invocationNow(context) in _shared/clock),
 * so the local cloud's clock can be fixed per test and no answer depends on the day a test runs. The one place allowed
 * to fall back on the wall clock is that function; this check fails if another reading creeps in.
 */
import fs from 'fs'
import path from 'path'

const ROOT = path.join(__dirname, '../../cloudfunctions')
const ALLOWED = new Set([path.join('_shared', 'clock.ts')])

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return e.name.endsWith('.ts') ? [p] : []
  })
}

it('reads the wall clock only in invocationNow', () => {
  const readings = sources(ROOT)
    .filter((file) => !ALLOWED.has(path.relative(ROOT, file)))
    .flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ at: `${path.relative(ROOT, file)}:${i + 1}`, line }))
        .filter(({ line }) => /\bDate\.now\s*\(|new Date\s*\(\s*\)/.test(line))
        .map(({ at }) => at)
    )
  expect(readings).toEqual([])
  expect(sources(ROOT).length).toBeGreaterThan(10)
})
