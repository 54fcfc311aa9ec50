/**
 * Environment variables the local cloud gives its functions, in place of what a deployment sets in the CloudBase
 * console (云函数 → 环境变量). Only the local cloud has these defaults — deployed functions without the variables log
 * a configuration error and send nothing — and a value already in the environment (a developer's own) is kept.
 */
export const LOCAL_FUNCTION_ENV: Readonly<Record<string, string>> = Object.freeze({
  // Subscribe-message template ids: the local cloud accepts any id and records each message in `outbox`.
  SUBSCRIBE_TEMPLATE_CONFIRMED: 'local-booking-confirmed',
  SUBSCRIBE_TEMPLATE_REMINDER: 'local-class-reminder',
  SUBSCRIBE_TEMPLATE_PROMOTED: 'local-waitlist-promoted'
})

/** The defaults the environment does not set already. */
export const localFunctionEnv = (env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> =>
  Object.fromEntries(Object.entries(LOCAL_FUNCTION_ENV).filter(([name]) => !env[name]))
