/**
 * Function-to-function calls and the invocation lifecycle, as WeChat cloud functions behave:
 * - cloud.callFunction (https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-server-api/functions/callFunction.html):
 *   `{result, errMsg: 'callFunction:ok', requestID}`; the callee runs for the same user and its SOURCE is the chain
 *   `wx_client,scf` (Cloud.getWXContext, "SOURCE 值跟随调用链条传递").
 * - A transaction still open when its invocation ends does not outlive it (SCF freezes or recycles the instance).
 */
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['fx-caller', 'fx-whoami', 'fx-dbops', 'fx-throws', 'fx-open-txn'] })
})

afterAll(() => cloud.close())

test('the callee sees the caller’s OPENID and the SOURCE chain wx_client,scf', async () => {
  const { status, body } = await cloud.callUntyped('fx-caller', { target: 'fx-whoami', data: { tag: 'inner' } }, 'demo-courier')
  expect(status).toBe(200)
  expect(body.errMsg).toBe('callFunction:ok')
  expect(body.own).toMatchObject({ OPENID: 'demo-courier', SOURCE: 'wx_client' })
  expect(body.result.tag).toBe('inner')
  expect(body.result.context).toMatchObject({ OPENID: 'demo-courier', SOURCE: 'wx_client,scf', ENV: 'local' })
})

test('x-cloud-db-ops of the caller includes the requests of the functions it called', async () => {
  const res = await cloud.callUntyped('fx-caller', { target: 'fx-dbops', data: { marker: 'nested' } }, 'u1')
  expect(res.body.result).toMatchObject({ marker: 'nested', total: 1 })
  expect(res.dbOps).toBe(3)
})

test('calling a function that does not exist fails with ResourceNotFound.Function', async () => {
  const { body } = await cloud.callUntyped('fx-caller', { target: 'missing-fn' }, 'u1')
  expect(body.errMsg).toContain('callFunction:fail')
  expect(body.errMsg).toContain('ResourceNotFound.Function')
})

test('a callee that throws makes callFunction reject with its error message', async () => {
  const { body } = await cloud.callUntyped('fx-caller', { target: 'fx-throws', data: { message: 'inner failure' } }, 'u1')
  // The server answers FUNCTIONS_EXECUTE_FAIL; node-sdk 3.17 throws it as a plain error, which wx-server-sdk reports as -1.
  expect(body.errCode).toBe(-1)
  expect(body.errMsg).toBe('callFunction:fail Error: inner failure')
  expect(cloud.logs.some((l) => l.includes('fx-throws (called by fx-caller)') && l.includes('inner failure'))).toBe(true)
})

test('an SDK client outside any function can call a function; the callee has no OPENID', async () => {
  const res = (await cloud.sdk().callFunction({ name: 'fx-whoami', data: { tag: 'external' } })) as { result: { tag: string; context: { OPENID?: string } }; errMsg: string }
  expect(res.errMsg).toBe('callFunction:ok')
  expect(res.result.tag).toBe('external')
  expect(res.result.context.OPENID).toBeUndefined()
})

test('cloud.invoke runs a function in-process with an identity and rejects when it throws', async () => {
  const result = await cloud.cloud.invoke<{ context: { OPENID?: string } }>('fx-whoami', { tag: 'direct' }, { openid: 'demo-resident' })
  expect(result.context.OPENID).toBe('demo-resident')
  await expect(cloud.cloud.invoke('fx-throws', { message: 'direct failure' })).rejects.toThrow('direct failure')
  await expect(cloud.cloud.invoke('nope', {})).rejects.toThrow('nope')
})

test('a transaction left open is ended with its invocation: its write never lands and it cannot be committed later', async () => {
  cloud.db.insert('audit', [{ _id: 'txn-doc', step: 'initial' }])
  const { status, body } = await cloud.callUntyped('fx-open-txn', { id: 'txn-doc' }, 'u1')
  expect(status).toBe(200)
  expect(typeof body.transactionId).toBe('string')
  const commit = await cloud.request('POST', '/admin?env=local', {
    body: JSON.stringify({ action: 'database.commitTransaction', transactionId: body.transactionId }),
    headers: { 'content-type': 'application/json' }
  })
  expect(JSON.parse(commit.body.toString())).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringMatching(/does not exist/) })
  expect(cloud.db.find<{ step: string }>('audit', { _id: 'txn-doc' })[0].step).toBe('initial')
})

test('getWXContext outside any invocation keeps the SDK’s own behaviour (reads process env: nothing set here)', () => {
  // The shared module object, whose getWXContext the runner replaced.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module object the runner hooked, as loaded now
  const shared = require('wx-server-sdk') as { getWXContext: () => unknown }
  expect(shared.getWXContext()).toEqual({})
})
