/** One action of a function as FunctionApi (core/api/index.ts) declares it: what it takes and what it answers. */
export type Action<I, O> = { input: I; output: O }
