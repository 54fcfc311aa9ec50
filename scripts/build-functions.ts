/**
 * `npm run build:functions [-- --watch]`: bundles every cloudfunctions/<fn> into dist/functions/<fn> and refreshes
 * cloudbaserc.json. The programmatic API (`buildFunctions`, used by `npm start`, the local cloud's watch mode and the
 * test harness) is scripts/build/functions.ts.
 */
import { buildFunctions } from './build/functions'

async function main(): Promise<void> {
  const watch = process.argv.includes('--watch')
  const result = await buildFunctions({ watch, log: (line) => console.log(line) })
  console.log(`functions: ${result.functions.join(', ') || '(none)'}`)
  if (!watch) return
  console.log('watching cloudfunctions/ for changes (Ctrl-C to stop)')
  const stop = () => {
    result.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
