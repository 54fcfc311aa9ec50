/**
 * The database security rules (CloudBase 安全规则) of every collection, from `database.rules.json`: one CloudBase rule
 * object per collection, `{"read": …, "write": …}` with optional `create`/`update`/`delete` refining `write`; a value
 * is `true`, `false` or a rule expression. The rules bind only clients (mini-program / web SDK); functions reach the
 * database through the server SDK and are not subject to them.
 *
 * It lives with the build scripts because deployment needs it (cloudbaserc.json carries the rules to CloudBase); the
 * local cloud enforces the very same file through here, so what is tested locally is what deploys.
 */
import fs from 'fs'
import path from 'path'

export const DATABASE_RULES_FILE = path.resolve(__dirname, '..', '..', 'database.rules.json')
export const COLLECTIONS_FILE = path.resolve(__dirname, '..', '..', 'collections.json')

/** What a client request does to a collection, as the rules name it. */
export type RuleAccess = 'read' | 'create' | 'update' | 'delete'
type RuleKey = 'read' | 'write' | 'create' | 'update' | 'delete'
export type CollectionRule = Partial<Record<RuleKey, boolean | string>>
export type DatabaseRules = Record<string, CollectionRule>

const RULE_KEYS: readonly string[] = ['read', 'write', 'create', 'update', 'delete']

/** Reads and checks the rules file; a malformed file throws with the place it is wrong. */
export function readDatabaseRules(file: string = DATABASE_RULES_FILE): DatabaseRules {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: expected an object of collection → rule`)
  const rules: DatabaseRules = {}
  for (const [collection, rule] of Object.entries(parsed)) {
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) throw new Error(`${file}: the rule of ${collection} is not an object`)
    for (const [key, value] of Object.entries(rule as Record<string, unknown>)) {
      if (!RULE_KEYS.includes(key)) throw new Error(`${file}: ${collection}.${key} is not a rule (read, write, create, update, delete)`)
      if (typeof value !== 'boolean' && (typeof value !== 'string' || !value.trim())) throw new Error(`${file}: ${collection}.${key} must be true, false or an expression`)
    }
    rules[collection] = rule as CollectionRule
  }
  return rules
}

/** The collections of collections.json, by name. */
export function collectionNames(file: string = COLLECTIONS_FILE): string[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { collections?: { name?: unknown }[] }
  return (parsed.collections ?? []).map((c) => String(c.name))
}

/** Every collection needs its own rule, and a rule for no collection is a typo: either would deploy something unintended. */
export function rulesProblems(rules: DatabaseRules, collections: string[]): string[] {
  const missing = collections.filter((c) => !(c in rules)).map((c) => `collection ${c} has no security rule in database.rules.json`)
  const stray = Object.keys(rules)
    .filter((c) => !collections.includes(c))
    .map((c) => `database.rules.json has a rule for ${c}, which collections.json does not list`)
  return [...missing, ...stray]
}

/**
 * The rule value that decides an access: `read` for reads; for writes the specific `create`/`update`/`delete` when
 * present, else `write`. A collection without a rule, or a rule without the key, grants nothing.
 */
export function ruleFor(rules: DatabaseRules, collection: string, access: RuleAccess): boolean | string {
  const rule = Object.prototype.hasOwnProperty.call(rules, collection) ? rules[collection] : undefined
  if (!rule) return false
  if (access === 'read') return rule.read ?? false
  return rule[access] ?? rule.write ?? false
}
