import { openapi } from './cloud'

/** msgSecCheck v2 scenes: 1 资料 (profile), 2 评论, 3 论坛, 4 社交日志. */
export type TextScene = 1 | 2 | 3 | 4

/**
 * WeChat's content check (security.msgSecCheck v2) for text a user publishes. True only when WeChat says 'pass';
 * 'review' and 'risky' both count as not safe. The function's config.json must declare the openapi permission.
 */
export async function isTextSafe(content: string, openid: string, scene: TextScene): Promise<boolean> {
  const res = await openapi.security.msgSecCheck({ content, version: 2, scene, openid })
  return res?.result?.suggest === 'pass'
}
