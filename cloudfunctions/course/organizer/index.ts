/**
 * The organizer (管理端) actions of function `course`, one file per concern: courses, sessions, attendance (roster,
 * markAttendance, checkinCode), reports (exportRoster, courseStats), lottery and strikes. Each action needs the
 * organizer role (the framework answers FORBIDDEN after one read of the caller's `users` document) and each write
 * leaves an `audit` entry. Volunteer activities add the check-out (volunteer.ts). Seats and the waitlist live in the session document and change only through seats.ts;
 * bookings follow them.
 */
import { attendanceActions } from './attendance'
import { courseActions } from './courses'
import { lotteryStrikeActions } from './lottery-strikes'
import { reportActions } from './reports'
import { sessionActions } from './sessions'
import { volunteerActions } from './volunteer'

export const organizerActions = {
  ...courseActions,
  ...sessionActions,
  ...attendanceActions,
  ...reportActions,
  ...lotteryStrikeActions,
  ...volunteerActions
}
