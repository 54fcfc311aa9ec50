/**
 * The bounded loop key rotations write through (cloudfunctions/_shared/parallel.ts): never more writes in flight than
 * the bound, every item written once, the counts summed whatever order the writes finish in, and a failure stopping
 * the batch only after the writes already started have settled.
 */
import { sumOfWrites } from '../../cloudfunctions/_shared/parallel'

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

test('keeps at most the bound in flight, writes each item once and sums what the writes changed', async () => {
  let inFlight = 0
  let most = 0
  const written: number[] = []
  const items = Array.from({ length: 30 }, (_, i) => i)
  const total = await sumOfWrites(
    items,
    async (i) => {
      inFlight++
      most = Math.max(most, inFlight)
      await tick((i * 7) % 5)
      inFlight--
      written.push(i)
      return i % 3 === 0 ? 0 : 1
    },
    4
  )
  expect(most).toBe(4)
  expect([...written].sort((a, b) => a - b)).toEqual(items)
  expect(total).toBe(items.filter((i) => i % 3 !== 0).length)
})

test('an empty batch writes nothing', async () => {
  const write = jest.fn(() => Promise.resolve(1))
  expect(await sumOfWrites([], write)).toBe(0)
  expect(write).not.toHaveBeenCalled()
})

test('after a failure no write starts; the ones in flight settle before it is thrown', async () => {
  const started: number[] = []
  const settled: number[] = []
  const run = sumOfWrites(
    Array.from({ length: 20 }, (_, i) => i),
    async (i) => {
      started.push(i)
      if (i === 2) throw new Error('connection dropped')
      await tick(5)
      settled.push(i)
      return 1
    },
    3
  )
  await expect(run).rejects.toThrow('connection dropped')
  expect(started).toEqual([0, 1, 2])
  expect(settled.sort()).toEqual([0, 1])
})
