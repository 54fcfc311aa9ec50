/**
 * The answer of the last submit, handed from the filling page to the thank-you page it opens next, so the thanks
 * shows at once on a weak connection; opened any other way, the thank-you page loads the survey itself.
 */
export interface Submitted {
  surveyId: string
  title: string
  thanks: string
  /** Already submitted before (another device, or the same filling retried): nothing new was stored. */
  replayed: boolean
  /** The survey takes more than one response per person. */
  another: boolean
}

let last: Submitted | undefined

export const handOff = (submitted: Submitted): void => {
  last = submitted
}

export const takeHandoff = (surveyId: string): Submitted | undefined => (last?.surveyId === surveyId ? last : undefined)
