/** For the scripts: finding a local cloud already running on this machine (`npm start` in another terminal). */

export function configuredUrl(): string {
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1'
  return `http://${host}:${Number(process.env.PORT) || 8787}`
}

/** The URL of a local cloud answering /healthz at HOST:PORT, or undefined when none does. */
export async function findRunningCloud(url = configuredUrl()): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) })
    const body = (await res.json()) as { ok?: unknown }
    return res.ok && body.ok === true ? url : undefined
  } catch {
    return undefined
  }
}
