/**
 * Organizer actions on courses:
 *   saveCourse      {courseId?, kind?, title, category, description, cover, instructor, venueId, policy?, status?}
 *                   → {course}: a course, or a volunteer activity (kind 'volunteer')
 *   listAllCourses  {category?, venueId?, kind?} → {items}: like listCourses, archived ones and both kinds included
 */
import { categoryIssue, listAllCoursesSchema, saveCourseSchema, type SaveCourseInput, type SaveCourseOutput } from '@core/api/course'
import { DomainError } from '@core/api/result'
import { kindOf, resolvePolicy, type CourseDoc } from '@core/booking'
import { _, action, audit, requireShownTextsSafe, requireVenue, venueCondition } from '../../_shared'
import { listCourses } from '../queries'
import { store } from '../repo'
import { courseOrThrow, type Ctx } from './reads'

async function saveCourse(ctx: Ctx<SaveCourseInput>): Promise<SaveCourseOutput> {
  const { courseId, policy, status, kind: askedKind, ...fields } = ctx.input
  const shown = [
    { field: 'title', label: '课程名称', text: fields.title },
    { field: 'description', label: '课程介绍', text: fields.description },
    { field: 'instructor', label: '授课老师', text: fields.instructor }
  ]
  const [venue, existing] = await Promise.all([
    store.get('venues', fields.venueId),
    courseId === undefined ? Promise.resolve(null) : courseOrThrow(courseId),
    requireShownTextsSafe(shown, ctx.openid)
  ])
  if (!venue) throw new DomainError('NOT_FOUND', '所选服务中心不存在', 'venueId')
  // Both centres: the one it belongs to, and the one it is saved under.
  requireVenue(ctx.user, fields.venueId, 'venueId')
  if (existing) requireVenue(ctx.user, existing.venueId)
  const kind = askedKind ?? (existing ? kindOf(existing) : 'course')
  const wrongCategory = categoryIssue(kind, fields.category)
  if (wrongCategory) throw new DomainError('INVALID_INPUT', wrongCategory.message, 'category')

  if (!existing) {
    const doc: Omit<CourseDoc, '_id'> = {
      kind,
      ...fields,
      policy: resolvePolicy(policy),
      status: status ?? 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now
    }
    const _id = await store.insert('courses', doc)
    await audit(ctx, 'saveCourse', `courses/${_id}`, { created: true, title: doc.title, venueId: doc.venueId })
    return { course: { _id, ...doc } }
  }

  const before = resolvePolicy(existing.policy)
  const nextPolicy = policy === undefined ? before : resolvePolicy(policy)
  if (before.lottery && !nextPolicy.lottery) {
    // Entries waiting for a draw have no waitlist place; without the draw they would wait forever.
    const pending = await store.count('bookings', { courseId: existing._id, status: 'waitlisted', lottery: 'entered' })
    if (pending > 0) {
      throw new DomainError('CONFLICT', `还有${pending}人在等待抽签，抽签完成后才能关闭抽签`, 'policy')
    }
  }
  const next: CourseDoc = { ...existing, kind, ...fields, policy: nextPolicy, status: status ?? existing.status, updatedAt: ctx.now }
  const changed: string[] = (['title', 'category', 'description', 'cover', 'instructor', 'venueId', 'status'] as const).filter(
    (k) => next[k] !== existing[k]
  )
  if (kind !== kindOf(existing)) changed.push('kind')
  const { _id, ...patch } = next
  // `_.set` replaces the policy; a plain object would be merged field by field and keep a removed lottery.
  await store.updateDoc('courses', _id, { ...patch, policy: _.set(nextPolicy) })
  if (changed.some((k) => k === 'title' || k === 'category' || k === 'venueId' || k === 'kind')) {
    // Sessions carry these so that a listing is one query (the kind only on a volunteer activity's slots).
    const copies = { title: next.title, category: next.category, venueId: next.venueId, updatedAt: ctx.now }
    await store.update('sessions', { courseId: _id }, { ...copies, kind: kind === 'volunteer' ? kind : _.remove() })
  }
  await audit(ctx, 'saveCourse', `courses/${_id}`, {
    created: false,
    changed,
    policyChanged: JSON.stringify(nextPolicy) !== JSON.stringify(before)
  })
  return { course: next }
}

export const courseActions = {
  saveCourse: action({ input: saveCourseSchema, auth: 'organizer', limit: 'organizing', run: saveCourse }),
  listAllCourses: action({
    input: listAllCoursesSchema,
    auth: 'organizer',
    run: (ctx) => listCourses(ctx.input, ctx.now, ['active', 'archived'], venueCondition(ctx.user, ctx.input.venueId), null)
  })
}
