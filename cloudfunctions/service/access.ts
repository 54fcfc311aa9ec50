/**
 * Who may act on what, beyond the framework's public / user / organizer (DESIGN.md ⚑ Roles):
 *   - a provider acts for the organizations in its `orgIds`, and sees and moves only referrals sent to them;
 *   - an organizer acts on the centres it manages (requireVenue, shared with every function);
 *   - the requester is whoever's key the need carries, recomputed from the caller's openid (requester.ts).
 * Texts that other people will read (a need's description, a service's page) pass WeChat's content check first.
 */
import { DomainError } from '@core/api/result'
import { hasRole, type UserDoc } from '@core/user'
import { isTextSafe, type TextScene } from '../_shared'

export const NOT_A_PROVIDER_MESSAGE = '只有服务方可以处理转介'
export const OTHER_ORGANIZATION_MESSAGE = '这条转介不是发给您所在组织的'

/** The organizations `user` provides for (FORBIDDEN when none). */
export function providedOrgs(user: UserDoc | null): string[] {
  const orgs = hasRole(user, 'provider') && Array.isArray(user?.orgIds) ? user.orgIds : []
  if (orgs.length === 0) throw new DomainError('FORBIDDEN', NOT_A_PROVIDER_MESSAGE)
  return orgs
}

/** FORBIDDEN unless `user` provides for `orgId`. */
export function requireProvider(user: UserDoc | null, orgId: string): void {
  if (!providedOrgs(user).includes(orgId)) throw new DomainError('FORBIDDEN', OTHER_ORGANIZATION_MESSAGE)
}

export const RISKY_MESSAGE = '内容含有不适合公开的信息，请修改后再提交'

/** CONTENT_RISKY unless WeChat passes every non-empty text (one check for them all). */
export async function requireSafeText(texts: readonly (string | undefined)[], openid: string, field: string, scene: TextScene = 2): Promise<void> {
  const content = texts.filter((text): text is string => text !== undefined && text.trim() !== '').join('\n')
  if (content === '') return
  if (!(await isTextSafe(content, openid, scene))) throw new DomainError('CONTENT_RISKY', RISKY_MESSAGE, field)
}
