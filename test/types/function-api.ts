/**
 * Type-level checks of the function framework, run by `tsc --noEmit` (npm test type-checks first); never executed.
 * A function's action table must match FunctionApi (core/api) exactly: each `@ts-expect-error` below is a table
 * that has to be refused, so if the framework ever accepts it again, the unused directive fails the type check.
 */
import type { DeleteMyDataOutput, UserMyDataOutput } from '@core/api/mydata'
import type { LoginOutput, UpdateProfileOutput } from '@core/api/user'
import * as s from '@core/schema'
import { updateProfileSchema } from '@core/user'
import { action, defineFunction } from '../../cloudfunctions/_shared'

declare const profile: UpdateProfileOutput['profile']

const login = action({ input: s.object({}), auth: 'user', run: (ctx): Promise<LoginOutput> => Promise.resolve({ openid: ctx.openid, isNew: false, profile }) })
const updateProfile = action({ input: updateProfileSchema, auth: 'user', run: (): Promise<UpdateProfileOutput> => Promise.resolve({ profile }) })
const myData = action({ input: s.object({}), auth: 'user', run: (): Promise<UserMyDataOutput> => Promise.resolve({ profile }) })
const deleteMyData = action({ input: s.object({}), auth: 'user', run: (): Promise<DeleteMyDataOutput> => Promise.resolve({ removed: 1, anonymized: 0, cancelled: 0 }) })
const personal = { myData, deleteMyData }

// The table FunctionApi describes compiles.
defineFunction('user', { login, updateProfile, ...personal })

// @ts-expect-error a missing action
defineFunction('user', { login, ...personal })

// @ts-expect-error an action FunctionApi does not have
defineFunction('user', { login, updateProfile, ...personal, deleteAccount: login })

defineFunction('user', {
  login,
  ...personal,
  // @ts-expect-error an answer of the wrong shape
  updateProfile: action({ input: updateProfileSchema, auth: 'user', run: () => Promise.resolve({ user: profile }) })
})

defineFunction('user', {
  login,
  ...personal,
  // @ts-expect-error a schema that leaves out optional fields of the input parses to a different type
  updateProfile: action({ input: s.object({ nickname: s.optional(s.string({ label: '昵称' })) }), auth: 'user', run: () => Promise.resolve({ profile }) })
})

defineFunction('user', {
  ...personal,
  // @ts-expect-error a schema for another action's input
  login: action({ input: updateProfileSchema, auth: 'user', run: login.run }),
  updateProfile
})

// @ts-expect-error a function FunctionApi does not have
defineFunction('users', { login, updateProfile, ...personal })
