/**
 * `npm start [-- --watch]` (DESIGN.md §3 ⚑): builds what is missing, starts the local cloud on
 * http://${HOST:-127.0.0.1}:${PORT:-8787} with the store in CLOUD_DATA (default .cloud/), seeds an empty store with
 * the demo data, fires timer triggers on schedule and serves the H5 build at `/`.
 * `--watch` rebuilds and reloads cloud functions when cloudfunctions/ or core/ change.
 * CLOUD_SESSION_SECRET (32+ characters) makes H5 callers sign in with a signed link instead of `?as=<openid>`: needed
 * to reach the cloud as anybody from beyond this machine (HOST=0.0.0.0); the start-up lines print a link per demo
 * identity.
 * Functions run in worker-thread instances (CLOUD_FUNCTION_THREADS per function, default one per core beyond the
 * first, which serves HTTP and the store); CLOUD_FUNCTION_THREADS=0 runs them in the server's own thread, e.g. to step
 * through a function in a debugger.
 */
import { spawn } from 'child_process'
import fs from 'fs'
import path from 'path'
import { defaultDataDir, defaultFunctionThreads, REPO_ROOT, startCloud } from '../emulator'
import { buildFunctions } from './build/functions'

const H5_DIR = path.join(REPO_ROOT, 'dist', 'h5')

const DEMO_IDENTITIES: [string, string][] = [
  ['demo-organizer', '友邻空间的组织者（管理端）'],
  ['demo-admin', '管理员（管理所有服务中心）'],
  ['demo-provider', '甘肃律师志愿团的服务方（转介待办）'],
  ['demo-scorer', '美团皋兰路站站长（骑士之星企业评分）'],
  ['demo-rider', '外卖骑手（西固区兼职网格员、商圈议事成员）'],
  ['demo-star-wei', '参评骑士之星的党员骑手'],
  ['demo-courier', '快递员'],
  ['demo-resident', '社区居民']
]

function buildH5(): Promise<boolean> {
  console.log('H5 前端尚未构建，正在构建 dist/h5（首次约 1–2 分钟，视机器而定；之后启动不再构建）…')
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], {
      cwd: REPO_ROOT,
      stdio: 'inherit'
    })
    child.on('error', (e) => {
      console.error(`H5 构建无法启动: ${e.message}`)
      resolve(false)
    })
    child.on('exit', (code) => {
      if (code === 0) console.log(`H5 构建完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）`)
      else console.error(`H5 构建失败（退出码 ${code}）；本地云照常启动，云函数接口可用。`)
      resolve(code === 0)
    })
  })
}

/** Instances per function: CLOUD_FUNCTION_THREADS, else the local cloud's default for this machine. */
function functionThreads(): number {
  const asked = process.env.CLOUD_FUNCTION_THREADS
  if (asked === undefined || asked === '') return defaultFunctionThreads()
  const n = Number(asked)
  if (!Number.isInteger(n) || n < 0) {
    console.error(`CLOUD_FUNCTION_THREADS 应为 0 或正整数，而不是 ${asked}`)
    process.exit(1)
  }
  return n
}

async function main(): Promise<void> {
  const watch = process.argv.includes('--watch')
  const port = process.env.PORT ? Number(process.env.PORT) : 8787
  const host = process.env.HOST || '127.0.0.1'
  const dataDir = defaultDataDir()
  const threads = functionThreads()

  // Function bundles take well under a second, so they are always brought up to date (watch mode builds its own).
  if (!watch) await buildFunctions({ log: (line) => console.log(line) })
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) await buildH5()

  let cloud
  try {
    cloud = await startCloud({
      port,
      host,
      dataDir,
      staticDir: H5_DIR,
      timers: true,
      watch,
      sessionSecret: process.env.CLOUD_SESSION_SECRET || undefined,
      functionThreads: threads
    })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`端口 ${port} 已被占用：先停止另一个本地云，或用 PORT=<端口> npm start`)
      process.exit(1)
    }
    throw e
  }
  const seeded = cloud.seed()
  if (seeded.seeded) {
    const counts = Object.entries(seeded.counts).map(([c, n]) => `${c} ${n}`)
    console.log(`空库已写入演示数据：${counts.join('，')}`)
  }

  console.log('')
  console.log(`友邻空间 本地云已启动: ${cloud.url}/`)
  console.log(`  数据目录: ${dataDir === ':memory:' ? '内存（不落盘）' : path.resolve(dataDir)}`)
  const sign = cloud.signSession
  if (sign) {
    console.log(`  云函数:   POST ${cloud.url}/functions/<name>（请求头 x-cloud-session = 签名会话令牌）`)
  } else if (cloud.identityDoor === 'header') {
    console.log(`  云函数:   POST ${cloud.url}/functions/<name>（请求头 x-wx-openid = 调用者）`)
  } else {
    console.log(`  云函数:   POST ${cloud.url}/functions/<name>（不带身份：未配置 CLOUD_SESSION_SECRET）`)
  }
  console.log(`  云函数实例: ${threads === 0 ? '在本地云自身的线程中运行（CLOUD_FUNCTION_THREADS=0）' : `每个函数 ${threads} 个工作线程，各自独立的模块状态`}`)
  console.log(`  数据库:   ${cloud.url}/admin（wx-server-sdk 的 TCB_CONTEXT_CNFG，只接受本机请求）`)
  if (sign) {
    console.log('  演示身份（打开登录链接即以该身份登录，7 天内有效）:')
    for (const [openid, who] of DEMO_IDENTITIES) console.log(`    ${openid.padEnd(16)}${who}   ${cloud.url}/?session=${sign(openid)}`)
  } else if (cloud.identityDoor === 'header') {
    console.log('  演示身份（H5 地址加 ?as=<openid> 切换）:')
    for (const [openid, who] of DEMO_IDENTITIES) console.log(`    ${openid.padEnd(16)}${who}   ${cloud.url}/?as=${openid}`)
  }
  if (host === '0.0.0.0' || host === '::') console.log('  从其他设备访问时，把地址里的 127.0.0.1 换成本机的局域网地址')
  if (watch) console.log('  监视模式: 修改 cloudfunctions/ 或 core/ 后自动重新构建并加载云函数')
  console.log('按 Ctrl-C 停止。')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n收到 ${signal}，正在停止本地云…`)
    cloud.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
})
