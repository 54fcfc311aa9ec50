/**
 * The Node runtime cloud functions run on in production, named once for both places that must agree: the CloudBase
 * runtime in cloudbaserc.json and the esbuild target of the bundles.
 */
export const NODE_RUNTIME = {
  /** CloudBase's name for it in cloudbaserc.json `functions[].runtime`. */
  cloudbase: 'Nodejs16.13',
  /** esbuild's name for the same runtime: syntax it supports is left as written. */
  esbuildTarget: 'node16'
} as const
