/**
 * Who may act on what, beyond the framework's public / user / organizer (DESIGN.md ⚑ Roles):
 *   - a provider acts for the organizations in its `orgIds`, and sees and moves only referrals sent to them;
 *   - an organizer acts on the centres it manages (requireVenue, shared with every function);
 *   - the requester is whoever's key the need carries, recomputed from the caller's openid (requester.ts).
 * Texts that other people will read (a need's description, a service's page) pass WeChat's content check first
 * (requireShownTextsSafe, shared by every function).
 */
import { DomainError } from '@core/api/result'
import { hasRole, type UserDoc } from '@core/user'

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
