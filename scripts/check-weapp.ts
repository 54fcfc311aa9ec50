/**
 * Checks a weapp build (`npm run build:weapp` first) the way WeChat would:
 *  1. every .wxml compiles with WeChat's official template compiler `wcc`, and every .wxss with `wcsc`
 *     (both shipped in the miniprogram-compiler package that miniprogram-simulate uses);
 *  2. the main package — everything not under a subpackage root — stays under WeChat's 2,048 KB limit;
 *  3. every tab bar icon stays under WeChat's 40 KB limit.
 * Prints the results; exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { wxmlToJs } from 'miniprogram-compiler'
import { weappPackages, type AppJson } from './build/weapp-packages'

const MAIN_PACKAGE_LIMIT = 2048 * 1024
const TAB_ICON_LIMIT = 40 * 1024
const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'weapp'))

function checkWxml(files: string[]): string | undefined {
  const wxml = files.filter((f) => f.endsWith('.wxml'))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  try {
    wxmlToJs(dist, { wxmlList: wxml, wxsList: wxs })
    console.log(`wcc:  ${wxml.length} .wxml files compiled`)
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** The package's wxssToJs swallows wcsc failures, so wcsc runs directly here. */
function checkWxss(files: string[]): string | undefined {
  const wxss = files.filter((f) => f.endsWith('.wxss'))
  // Pages and components (they have a .json) go first and are counted by -pc, as DevTools does.
  const isComponent = (f: string) => fs.existsSync(path.join(dist, f.replace(/\.wxss$/, '.json'))) && f !== 'app.wxss'
  const ordered = [...wxss.filter(isComponent), ...wxss.filter((f) => !isComponent(f))]
  const compilerDir = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin')
  const compiler = path.join(compilerDir, process.platform === 'darwin' ? 'mac' : 'linux', 'wcsc')
  // The package ships wcsc without its execute bit and sets it only inside its own wrapper, so set it here too.
  fs.chmodSync(compiler, 0o755)
  const args = ['-db', '-pc', String(wxss.filter(isComponent).length), ...ordered]
  const res = spawnSync(compiler, args, { cwd: dist, maxBuffer: 64 * 1024 * 1024 })
  if (res.error) return `wcsc could not run: ${res.error.message}`
  if (res.status !== 0) return `wcsc: ${res.stderr.toString().trim()}`
  console.log(`wcsc: ${wxss.length} .wxss files compiled`)
  return undefined
}

function checkTabIcons(app: AppJson): string[] {
  const icons = (app.tabBar?.list ?? []).flatMap((item) => [item.iconPath, item.selectedIconPath]).filter((p): p is string => !!p)
  const sizes = icons.map((icon) => ({ icon, bytes: fs.statSync(path.join(dist, icon)).size }))
  if (sizes.length) console.log(`tab bar icons: ${sizes.length}, largest ${(Math.max(...sizes.map((s) => s.bytes)) / 1024).toFixed(1)} KB (limit ${TAB_ICON_LIMIT / 1024} KB)`)
  return sizes.filter((s) => s.bytes > TAB_ICON_LIMIT).map((s) => `tab bar icon ${s.icon} is ${(s.bytes / 1024).toFixed(1)} KB, over the 40 KB limit`)
}

function main(): void {
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    console.error(`No weapp build at ${dist}; run \`npm run build:weapp\` first.`)
    process.exit(1)
  }
  const { app, files, mainBytes, subpackages } = weappPackages(dist)
  const problems = [checkWxml(files), checkWxss(files)].filter((p): p is string => p !== undefined)
  problems.push(...checkTabIcons(app))
  for (const { root, bytes } of subpackages) console.log(`subpackage ${root}/: ${(bytes / 1024).toFixed(1)} KB`)
  console.log(`main package: ${(mainBytes / 1024).toFixed(1)} KB (limit ${MAIN_PACKAGE_LIMIT / 1024} KB)`)
  if (mainBytes >= MAIN_PACKAGE_LIMIT) problems.push(`main package is ${(mainBytes / 1024).toFixed(1)} KB, at or over the 2,048 KB limit`)

  if (problems.length > 0) {
    for (const p of problems) console.error(`✖ ${p}`)
    process.exit(1)
  }
  console.log('✔ weapp build passes wcc/wcsc and the size limits')
}

main()
