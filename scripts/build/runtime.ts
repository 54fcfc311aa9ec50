/**
 * The Node runtime cloud functions run on in production, named once for both places that must agree: the CloudBase
 * runtime in cloudbaserc.json and the esbuild target of the bundles. It is the Node major the tests run on
 * (package.json `engines`), so what the suite exercises is what CloudBase executes.
 */
export const NODE_RUNTIME = {
  /** CloudBase's name for it in cloudbaserc.json `functions[].runtime`. */
  cloudbase: 'Nodejs20.19',
  /** esbuild's name for the same runtime: syntax it supports is left as written. */
  esbuildTarget: 'node20.19'
} as const
