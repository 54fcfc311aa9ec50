/** Questionnaire rules (issue 8): pure, no I/O, `now` always a parameter. See each module's header. */
export * from './values'
export * from './conditions'
export * from './taxonomy'
export * from './region'
export * from './formats'
export * from './pii'
