/**
 * Cloud storage through the real wx-server-sdk (uploadFile, getTempFileURL, downloadFile, deleteFile:
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-server-api/storage/uploadFile.html and siblings)
 * and the browser upload endpoint of the local cloud.
 */
import { fileIdToPath, pathToFileId } from '../../emulator/storage'
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: [] })
})

afterAll(() => cloud.close())

test('fileIDs look like CloudBase ones and map back to their path', () => {
  const id = pathToFileId('avatars/u1/a.png')
  expect(id).toBe('cloud://local.6c6f-local-1250000000/avatars/u1/a.png')
  expect(fileIdToPath(id)).toBe('avatars/u1/a.png')
  expect(fileIdToPath('cloud://prod-123.7072-prod-123-1250000000/a.png')).toBeUndefined()
  expect(fileIdToPath('cloud://local.6c6f-local-1250000000/../etc/passwd')).toBeUndefined()
})

test('uploadFile → getTempFileURL → GET → downloadFile → deleteFile with the real SDK', async () => {
  const sdk = cloud.sdk()
  const bytes = Buffer.from('PNG-ish bytes \u0000\u0001\u0002 头像')
  const up = (await sdk.uploadFile({ cloudPath: 'avatars/u1/头像.png', fileContent: bytes })) as { fileID: string }
  expect(up.fileID).toBe('cloud://local.6c6f-local-1250000000/avatars/u1/头像.png')
  expect(cloud.db.find('files', { fileID: up.fileID })[0]).toMatchObject({ cloudPath: 'avatars/u1/头像.png', size: bytes.length, contentType: 'image/png' })

  const temp = (await sdk.getTempFileURL({ fileList: [up.fileID] })) as { fileList: { fileID: string; tempFileURL: string; status: number }[] }
  expect(temp.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0 })
  expect(temp.fileList[0].tempFileURL.startsWith(`${cloud.url}/storage/files/`)).toBe(true)
  const got = await cloud.request('GET', new URL(encodeURI(temp.fileList[0].tempFileURL)).pathname)
  expect(got.status).toBe(200)
  expect(got.headers['content-type']).toBe('image/png')
  expect(got.body.equals(bytes)).toBe(true)

  const down = (await sdk.downloadFile({ fileID: up.fileID })) as { fileContent: Buffer }
  expect(Buffer.from(down.fileContent).equals(bytes)).toBe(true)

  const del = (await sdk.deleteFile({ fileList: [up.fileID] })) as { fileList: { fileID: string; status: number }[] }
  expect(del.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }])
  expect(cloud.db.count('files', { fileID: up.fileID })).toBe(0)
  const after = (await sdk.getTempFileURL({ fileList: [up.fileID] })) as { fileList: { status: number; tempFileURL: string }[] }
  expect(after.fileList[0].status).toBe(-503003)
  expect(after.fileList[0].tempFileURL).toBe('')
  await expect(sdk.downloadFile({ fileID: up.fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST', errCode: -1 })
  expect((await cloud.request('GET', '/storage/files/avatars/u1/a.png')).status).toBe(404)
})

test('file metadata is stamped with the cloud clock: createdAt kept on replace, updatedAt moved', async () => {
  const monday = Date.parse('2026-03-02T09:30:00+08:00')
  cloud.clock.set(monday)
  try {
    await cloud.sdk().uploadFile({ cloudPath: 'docs/stamped.txt', fileContent: Buffer.from('one') })
    cloud.clock.advance(60_000)
    await cloud.sdk().uploadFile({ cloudPath: 'docs/stamped.txt', fileContent: Buffer.from('two') })
    expect(cloud.db.find('files', { cloudPath: 'docs/stamped.txt' })[0]).toMatchObject({ createdAt: monday, updatedAt: monday + 60_000 })
  } finally {
    cloud.clock.reset()
  }
})

test('an upload replaces the file at the same path', async () => {
  const sdk = cloud.sdk()
  await sdk.uploadFile({ cloudPath: 'docs/note.txt', fileContent: Buffer.from('one') })
  const { fileID } = (await sdk.uploadFile({ cloudPath: 'docs/note.txt', fileContent: Buffer.from('second') })) as { fileID: string }
  expect(cloud.db.count('files', { fileID })).toBe(1)
  const down = (await sdk.downloadFile({ fileID })) as { fileContent: Buffer }
  expect(down.fileContent.toString()).toBe('second')
})

test('a COS-style PUT without a ticket from getUploadMetadata is refused', async () => {
  const res = await cloud.request('PUT', '/storage/upload/sneaky.txt', { body: 'x' })
  expect(res.status).toBe(403)
  expect(res.body.toString()).toContain('<Code>AccessDenied</Code>')
  expect(cloud.db.count('files', { cloudPath: 'sneaky.txt' })).toBe(0)
})

test('PUT /storage/files/<path> (the H5 client) stores the body and answers the fileID', async () => {
  const body = Buffer.alloc(2048, 7)
  const res = await cloud.request('PUT', `/storage/files/${encodeURIComponent('surveys')}/${encodeURIComponent('现场 照片.jpg')}`, {
    body,
    headers: { 'content-type': 'image/jpeg', 'x-wx-openid': 'demo-resident' }
  })
  expect(res.status).toBe(200)
  const answer = JSON.parse(res.body.toString())
  expect(answer).toEqual({ ok: true, data: { fileID: 'cloud://local.6c6f-local-1250000000/surveys/现场 照片.jpg' } })
  expect(cloud.db.find('files', { fileID: answer.data.fileID })[0]).toMatchObject({ openid: 'demo-resident', size: 2048, contentType: 'image/jpeg' })
  const got = await cloud.request('GET', `/storage/files/surveys/${encodeURIComponent('现场 照片.jpg')}`)
  expect(got.body.equals(body)).toBe(true)
  const head = await cloud.request('HEAD', `/storage/files/surveys/${encodeURIComponent('现场 照片.jpg')}`)
  expect(head.headers['content-length']).toBe('2048')
})

test('the browser upload refuses bodies over 10 MB, paths with .., and callers without openid', async () => {
  const big = await cloud.request('PUT', '/storage/files/big.bin', { body: Buffer.alloc(10 * 1024 * 1024 + 1), headers: { 'x-wx-openid': 'u1' } })
  expect(big.status).toBe(413)
  expect(JSON.parse(big.body.toString())).toEqual({ ok: false, code: 'INVALID_INPUT', message: '文件不能超过 10 MB' })
  for (const p of ['/storage/files/a/%2E%2E/b.txt', '/storage/files/a/../b.txt', '/storage/files/..']) {
    const dots = await cloud.request('PUT', p, { body: 'x', headers: { 'x-wx-openid': 'u1' } })
    expect(dots.status).toBe(400)
    expect(JSON.parse(dots.body.toString()).code).toBe('INVALID_INPUT')
  }
  const anonymous = await cloud.request('PUT', '/storage/files/anon.txt', { body: 'x' })
  expect(anonymous.status).toBe(401)
  expect(cloud.db.count('files', { cloudPath: { $in: ['big.bin', 'b.txt', 'a/../b.txt', 'anon.txt'] } })).toBe(0)
})
