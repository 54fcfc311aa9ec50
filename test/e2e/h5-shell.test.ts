/**
 * The H5 shell around the pages (issue 7, bug 14): what WeChat provides and a browser does not, starting with the
 * favicon the browser asks for.
 */
import type { Browser } from 'playwright-core'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { launchBrowser, newPhone, visible } from './support/browser'
import { H5_DIR } from './support/build'

let cloud: TestCloud
let browser: Browser

beforeAll(async () => {
  cloud = await startTestCloud({ seed: true, staticDir: H5_DIR })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

test('the browser finds the favicon: it is linked, served, and nothing the app loads is missing', async () => {
  const icon = await cloud.request('GET', '/favicon.ico')
  expect(icon.status).toBe(200)
  expect(icon.headers['content-type']).toBe('image/x-icon')
  // An ICO file: reserved 0, type 1 (icon), then at least one image.
  expect(icon.body.readUInt16LE(0)).toBe(0)
  expect(icon.body.readUInt16LE(2)).toBe(1)
  expect(icon.body.readUInt16LE(4)).toBeGreaterThan(0)

  const context = await newPhone(browser)
  const page = await context.newPage()
  const missing: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`)
  })
  await page.goto(`${cloud.url}/`)
  await visible(page.locator('.home__name'))
  expect(await page.locator('link[rel="icon"]').first().getAttribute('href')).toBe('/favicon.ico')
  // Let the browser ask for the icon before checking what it got.
  await page.waitForTimeout(300)
  expect(missing).toEqual([])
  await context.close()
})
