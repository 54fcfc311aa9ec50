/**
 * Writes cloudbaserc.json, the CloudBase CLI config (`tcb fn deploy`, `tcb fn trigger create`): every built function
 * with its timeout, runtime and the timer triggers of its config.json. `{{env.ENV_ID}}` is filled in by the CLI from
 * `.env`. The file is generated so that what deploys cannot drift from the functions' own config.json.
 */
import fs from 'fs'
import { DEFAULT_TIMEOUT_S, FUNCTION_MEMORY_MB, type FunctionConfig } from './function-config'
import { NODE_RUNTIME } from './runtime'

/** Writes the file only when its content changes, so a rebuild does not touch an unchanged checkout. */
export function writeCloudbaserc(functions: { name: string; config: FunctionConfig }[], file: string): void {
  const rc = {
    version: '2.0',
    envId: '{{env.ENV_ID}}',
    functionRoot: './dist/functions',
    functions: functions.map(({ name, config }) => ({
      name,
      timeout: config.timeout ?? DEFAULT_TIMEOUT_S,
      runtime: NODE_RUNTIME.cloudbase,
      memorySize: FUNCTION_MEMORY_MB,
      handler: 'index.main',
      installDependency: true,
      ...(config.triggers?.length ? { triggers: config.triggers } : {})
    }))
  }
  const text = JSON.stringify(rc, null, 2) + '\n'
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text)
}
