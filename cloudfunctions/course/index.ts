/**
 * Function `course`: the 友邻空间 curriculum and its booking (DESIGN.md §3 ⚑ listSessions, book, cancel, myBookings).
 *   public       listSessions, listCourses, getCourse, listVenues, subscribeTemplates
 *   user         book, cancel, confirmHold, checkin, myBookings
 *                myVolunteering (我的志愿: volunteering.ts; volunteer activities are courses with kind 'volunteer')
 *                myData, deleteMyData (我的数据: mydata.ts)
 *   organizer    see organizer/
 * The periodic work (draws, holds, releases, strikes, reminders, messages) is function `courseTimer`, on these modules.
 */
import {
  bookSchema,
  cancelSchema,
  checkinSchema,
  confirmHoldSchema,
  getCourseSchema,
  listCoursesSchema,
  listSessionsSchema,
  listVenuesSchema,
  myBookingsSchema,
  myVolunteeringSchema
} from '@core/api/course'
import { deleteMyDataSchema, myDataSchema } from '@core/api/mydata'
import * as s from '@core/schema'
import { action, defineFunction } from '../_shared'
import { book, cancel, checkin, confirmHold } from './booking'
import { deleteMyData, myData } from './mydata'
import { subscribeTemplates } from './templates'
import { organizerActions } from './organizer'
import { getCourse, listCourses, listSessions, listVenues, myBookings } from './queries'
import { myVolunteering } from './volunteering'

export const main = defineFunction('course', {
  listSessions: action({ input: listSessionsSchema, auth: 'public', run: (ctx) => listSessions(ctx.openid, ctx.input, ctx.now) }),
  listCourses: action({ input: listCoursesSchema, auth: 'public', run: (ctx) => listCourses(ctx.input, ctx.now) }),
  getCourse: action({ input: getCourseSchema, auth: 'public', run: (ctx) => getCourse(ctx.openid, ctx.input.courseId, ctx.now) }),
  listVenues: action({ input: listVenuesSchema, auth: 'public', run: () => listVenues() }),
  subscribeTemplates: action({ input: s.object({}), auth: 'public', run: () => Promise.resolve({ items: subscribeTemplates() }) }),
  book: action({ input: bookSchema, auth: 'user', limit: 'personal', run: (ctx) => book(ctx.openid, ctx.input, ctx.now) }),
  cancel: action({ input: cancelSchema, auth: 'user', limit: 'personal', run: (ctx) => cancel(ctx.openid, ctx.input.sessionId, ctx.now) }),
  confirmHold: action({ input: confirmHoldSchema, auth: 'user', limit: 'personal', run: (ctx) => confirmHold(ctx.openid, ctx.input.sessionId, ctx.now) }),
  checkin: action({ input: checkinSchema, auth: 'user', limit: 'personal', run: (ctx) => checkin(ctx.openid, ctx.input.sessionId, ctx.input.code, ctx.now) }),
  myBookings: action({ input: myBookingsSchema, auth: 'user', run: (ctx) => myBookings(ctx.openid, ctx.input, ctx.now) }),
  myVolunteering: action({ input: myVolunteeringSchema, auth: 'user', run: (ctx) => myVolunteering(ctx.openid, ctx.now) }),
  myData: action({ input: myDataSchema, auth: 'user', run: (ctx) => myData(ctx.openid) }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', limit: 'personal', run: (ctx) => deleteMyData(ctx.openid, ctx.now) }),
  ...organizerActions
})
