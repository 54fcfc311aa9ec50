/**
 * A local cloud in a process of its own, for crash.test.ts: that test kills it with SIGKILL mid-burst, which it could
 * not do to a cloud inside its own jest worker. Same harness as every integration test (startTestCloud: the built
 * bundles, the real wx-server-sdk), on the store directory and at the stopped instant given:
 *
 *   node --import tsx test/security/cloud-process.ts <dataDir> <at> <fn,fn,…>
 *
 * Prints `ready <url>` once it serves; runs until killed.
 */
import { startTestCloud } from '../support/cloud'

const [dataDir, at, functions] = process.argv.slice(2)

startTestCloud({ dataDir, at: Number(at), functions: functions.split(',') }).then(
  (cloud) => process.stdout.write(`ready ${cloud.url}\n`),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  }
)
