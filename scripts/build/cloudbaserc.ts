/**
 * Writes cloudbaserc.json, the CloudBase CLI config (`tcb fn deploy`, `tcb fn trigger create`): every built function
 * with its timeout, runtime and the timer triggers of its config.json. `{{env.ENV_ID}}` is filled in by the CLI from
 * `.env`. The file is generated so that what deploys cannot drift from the functions' own config.json.
 *
 * It also carries the database security rules (database.rules.json) of every collection in collections.json, as the
 * CloudBase Framework database plugin's input (`tcb framework deploy`): the rules deploy with the functions rather than
 * by hand in the console. A collection without a rule fails here, before anything deploys.
 */
import fs from 'fs'
import { collectionNames, readDatabaseRules, rulesProblems, type DatabaseRules } from './database-rules'
import { DEFAULT_TIMEOUT_S, FUNCTION_MEMORY_MB, type FunctionConfig } from './function-config'
import { NODE_RUNTIME } from './runtime'

/** Writes the file only when its content changes, so a rebuild does not touch an unchanged checkout. */
export function writeCloudbaserc(
  functions: { name: string; config: FunctionConfig }[],
  file: string,
  database: { collections: string[]; rules: DatabaseRules } = { collections: collectionNames(), rules: readDatabaseRules() }
): void {
  const problems = rulesProblems(database.rules, database.collections)
  if (problems.length) throw new Error(problems.join('\n'))
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
    })),
    framework: {
      plugins: {
        database: {
          use: '@cloudbase/framework-plugin-database',
          inputs: {
            collections: database.collections.map((name) => ({
              collectionName: name,
              description: `友邻空间 ${name}`,
              aclTag: 'CUSTOM',
              aclRule: database.rules[name]
            }))
          }
        }
      }
    }
  }
  const text = JSON.stringify(rc, null, 2) + '\n'
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text)
}
