/**
 * `npm test`'s jest step: the whole suite under TZ=UTC (where CloudBase runs functions) and again under
 * TZ=Asia/Shanghai (where riders' phones and the organizers' laptops are), then a comparison of the two runs test by
 * test. Passing twice is not enough: a test that skips itself or is skipped in one zone would hide a zone bug, so the
 * two runs must report the same tests with the same status.
 *
 * `npm test -- --deep` sets SECURITY_DEEP=1 for both runs: the fuzzing and the storms run many times longer. Any
 * other argument goes to jest as it is (a path pattern, `-t name`).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ZONES = ['UTC', 'Asia/Shanghai'] as const

interface JestJson {
  success: boolean
  numTotalTests: number
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[]
}

const args = process.argv.slice(2)
const deep = args.includes('--deep')
const jestArgs = args.filter((a) => a !== '--deep')
const root = path.join(__dirname, '..')
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-zones-'))

/** Runs jest in one zone; its own output goes to the terminal as usual, its results to a JSON file. */
function runIn(zone: string): JestJson | undefined {
  const outputFile = path.join(outDir, `${zone.replace('/', '-')}.json`)
  console.log(`\n▶ jest under TZ=${zone}${deep ? ' (deep)' : ''}`)
  const env = { ...process.env, TZ: zone, ...(deep ? { SECURITY_DEEP: '1' } : {}) }
  spawnSync('npx', ['jest', '--json', `--outputFile=${outputFile}`, ...jestArgs], { cwd: root, env, stdio: 'inherit' })
  return fs.existsSync(outputFile) ? (JSON.parse(fs.readFileSync(outputFile, 'utf8')) as JestJson) : undefined
}

/** Test → status, keyed by file (relative to the repo) and full name. */
function statuses(run: JestJson): Map<string, string> {
  const map = new Map<string, string>()
  for (const file of run.testResults) {
    for (const test of file.assertionResults) map.set(`${path.relative(root, file.name)} › ${test.fullName}`, test.status)
  }
  return map
}

const runs = ZONES.map((zone) => ({ zone, result: runIn(zone) }))
let failed = false
for (const { zone, result } of runs) {
  if (!result || !result.success) {
    console.error(`✗ jest failed under TZ=${zone}`)
    failed = true
  }
}

const [first, second] = runs
if (first.result && second.result) {
  const a = statuses(first.result)
  const b = statuses(second.result)
  const differences = [...new Set([...a.keys(), ...b.keys()])]
    .filter((name) => a.get(name) !== b.get(name))
    .map((name) => `  ${name}: ${first.zone} ${a.get(name) ?? 'absent'}, ${second.zone} ${b.get(name) ?? 'absent'}`)
  if (differences.length > 0) {
    console.error(`✗ the two zones disagree on ${differences.length} test(s):\n${differences.join('\n')}`)
    failed = true
  } else {
    console.log(`✓ ${a.size} tests, the same results under ${ZONES.join(' and ')}`)
  }
}
fs.rmSync(outDir, { recursive: true, force: true })
process.exit(failed ? 1 : 0)
