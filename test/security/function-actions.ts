/**
 * Every action of every cloud function, read at run time from the functions themselves: each function module is
 * loaded in an isolated module registry whose `defineFunction` records the action table it is given. A new action is
 * therefore found (and fuzzed, and must have a sample) without anyone listing it here, and its schema and kind of
 * caller are the ones the dispatcher uses. A function that defines no table (courseTimer: only its timer trigger
 * starts it) is listed with no actions.
 */
import path from 'path'
import { jest } from '@jest/globals'
import type * as Framework from '../../cloudfunctions/_shared/function'
import type { Auth } from '../../cloudfunctions/_shared/function'
import type { AnySchema } from '@core/schema'
import { listFunctionSources, REPO_ROOT } from '../../scripts/build/functions'

export interface FunctionAction {
  readonly fn: string
  readonly action: string
  readonly auth: Auth
  readonly input: AnySchema
}

type FrameworkModule = typeof Framework

const FRAMEWORK = path.join(REPO_ROOT, 'cloudfunctions', '_shared', 'function.ts')

/** The action tables of the functions in cloudfunctions/, by function name. */
export function functionActions(): { functions: string[]; actions: FunctionAction[] } {
  const functions = listFunctionSources()
  const actions: FunctionAction[] = []
  for (const fn of functions) {
    jest.isolateModules(() => {
      jest.doMock(FRAMEWORK, () => {
        const actual = jest.requireActual<FrameworkModule>(FRAMEWORK)
        const recording: FrameworkModule['defineFunction'] = (name, table) => {
          for (const [action, def] of Object.entries<{ readonly input: AnySchema; readonly auth: Auth }>(table)) actions.push({ fn: name, action, auth: def.auth, input: def.input })
          return actual.defineFunction(name, table)
        }
        return { ...actual, defineFunction: recording }
      })
      jest.requireActual(path.join(REPO_ROOT, 'cloudfunctions', fn, 'index.ts'))
    })
  }
  return { functions, actions }
}
