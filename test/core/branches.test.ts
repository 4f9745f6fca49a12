import { type ChatSnapshot, messageText, type StreamError } from '../../src/core/index.js'
import { createControlledWire, sessionOver, settle } from '../helpers/session-harness.js'

type Wire = ReturnType<typeof createControlledWire>

/** The path as "role:text" lines, easy to compare. */
function path(snapshot: ChatSnapshot): string[] {
  return snapshot.messages.map((message) => `${message.role}:${messageText(message)}`)
}

function idOf(snapshot: ChatSnapshot, text: string): string {
  const message = snapshot.messages.find((candidate) => messageText(candidate) === text)
  if (message === undefined) throw new Error(`no message "${text}" on the path`)
  return message.id
}

/** Streams `text` as the answer and finishes it. */
async function answer(wire: Wire, done: Promise<ChatSnapshot>, text: string): Promise<ChatSnapshot> {
  await settle()
  wire.event({ type: 'text-delta', text })
  wire.event({ type: 'finish' })
  return done
}

async function conversation(turns: [string, string][], options: Parameters<typeof sessionOver>[1] = {}) {
  const wire = createControlledWire()
  const session = sessionOver(wire, options)
  for (const [question, reply] of turns) await answer(wire, session.send(question), reply)
  return { wire, session }
}

describe('branches', () => {
  it('editing a user message keeps the old message and its answer as a version', async () => {
    const { wire, session } = await conversation([
      ['Hi', 'Hello'],
      ['Name a colour', 'Blue'],
    ])
    const edited = session.editMessage(idOf(session.getSnapshot(), 'Name a colour'), 'Name a fruit')
    await settle()
    // The request carries the current path only: the old question is not in it.
    expect(wire.contexts.at(-1)?.messages.map(messageText)).toEqual(['Hi', 'Hello', 'Name a fruit'])
    const after = await answer(wire, edited, 'Apple')
    expect(path(after)).toEqual(['user:Hi', 'assistant:Hello', 'user:Name a fruit', 'assistant:Apple'])
    expect(after.branches).toEqual({ [idOf(after, 'Name a fruit')]: { index: 1, count: 2 } })

    session.switchBranch(idOf(after, 'Name a fruit'), 'previous')
    const back = session.getSnapshot()
    expect(path(back)).toEqual(['user:Hi', 'assistant:Hello', 'user:Name a colour', 'assistant:Blue'])
    expect(back.branches).toEqual({ [idOf(back, 'Name a colour')]: { index: 0, count: 2 } })
    expect(back.status).toBe('idle')
  })

  it('editing the first message forks before it', async () => {
    const { wire, session } = await conversation([['One', 'Uno']])
    const first = session.getSnapshot().messages[0]?.id as string
    const after = await answer(wire, session.editMessage(first, 'Two'), 'Dos')
    expect(path(after)).toEqual(['user:Two', 'assistant:Dos'])
    session.switchBranch(after.messages[0]?.id as string, 0)
    expect(path(session.getSnapshot())).toEqual(['user:One', 'assistant:Uno'])
  })

  it('regenerate keeps every earlier answer as a version of the reply', async () => {
    const { wire, session } = await conversation([['Joke?', 'First joke']])
    await answer(wire, session.regenerate(), 'Second joke')
    const after = await answer(wire, session.regenerate(), 'Third joke')
    expect(path(after)).toEqual(['user:Joke?', 'assistant:Third joke'])
    expect(after.branches[idOf(after, 'Third joke')]).toEqual({ index: 2, count: 3 })
    // The regeneration asked with the path up to the question only.
    expect(wire.contexts.at(-1)?.messages.map(messageText)).toEqual(['Joke?'])

    session.switchBranch(idOf(after, 'Third joke'), 0)
    expect(path(session.getSnapshot())).toEqual(['user:Joke?', 'assistant:First joke'])
    session.switchBranch(idOf(session.getSnapshot(), 'First joke'), 'next')
    expect(path(session.getSnapshot())).toEqual(['user:Joke?', 'assistant:Second joke'])
  })

  it('switching restores the nested versions a version was left with', async () => {
    const { wire, session } = await conversation([
      ['A', 'a'],
      ['B', 'b1'],
    ])
    // A nested fork inside the first version: two answers to B.
    await answer(wire, session.regenerate(), 'b2')
    session.switchBranch(idOf(session.getSnapshot(), 'b2'), 'previous')
    expect(path(session.getSnapshot()).at(-1)).toBe('assistant:b1')
    // Fork at A: the new version has no nested forks.
    const edited = await answer(wire, session.editMessage(idOf(session.getSnapshot(), 'A'), 'A2'), 'a2')
    expect(Object.keys(edited.branches)).toEqual([idOf(edited, 'A2')])

    session.switchBranch(idOf(edited, 'A2'), 'previous')
    const restored = session.getSnapshot()
    expect(path(restored)).toEqual(['user:A', 'assistant:a', 'user:B', 'assistant:b1'])
    expect(restored.branches).toEqual({
      [idOf(restored, 'A')]: { index: 0, count: 2 },
      [idOf(restored, 'b1')]: { index: 0, count: 2 },
    })
    session.switchBranch(idOf(restored, 'b1'), 'next')
    expect(path(session.getSnapshot()).at(-1)).toBe('assistant:b2')
    // Switching sets versions aside, it never loses one.
    expect(session.getSnapshot().droppedVersions).toBe(0)
  })

  it('switching while a response streams stops it and keeps its partial text in its version', async () => {
    const { wire, session } = await conversation([['Q', 'Old answer']])
    const pending = session.regenerate()
    await settle()
    wire.event({ type: 'text-delta', text: 'New ans' })
    await settle()
    const streaming = session.getSnapshot()
    expect(streaming.status).toBe('streaming')
    const run = wire.contexts.at(-1)

    session.switchBranch(idOf(streaming, 'New ans'), 'previous')
    expect(run?.signal.aborted).toBe(true)
    // The response itself ended cancelled; the switch then shows a version nothing streams into.
    expect((await pending).status).toBe('cancelled')
    const shown = session.getSnapshot()
    expect(path(shown)).toEqual(['user:Q', 'assistant:Old answer'])
    expect(shown.status).toBe('idle')
    // The stopped response writes nothing more.
    wire.event({ type: 'text-delta', text: 'wer' })
    await settle()
    session.switchBranch(idOf(session.getSnapshot(), 'Old answer'), 'next')
    expect(path(session.getSnapshot())).toEqual(['user:Q', 'assistant:New ans'])
  })

  it('editing while a response streams stops it and keeps the interrupted turn as a version', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    void session.send('Long question')
    await settle()
    wire.event({ type: 'text-delta', text: 'Partial' })
    await settle()
    const question = idOf(session.getSnapshot(), 'Long question')
    const after = await answer(wire, session.editMessage(question, 'Short question'), 'Done')
    expect(path(after)).toEqual(['user:Short question', 'assistant:Done'])
    session.switchBranch(idOf(after, 'Short question'), 0)
    expect(path(session.getSnapshot())).toEqual(['user:Long question', 'assistant:Partial'])
  })

  it('a regeneration stopped before its first token gives the earlier answer back', async () => {
    const { wire, session } = await conversation([['Q', 'Kept']])
    const pending = session.regenerate()
    await settle()
    expect(path(session.getSnapshot())).toEqual(['user:Q'])
    session.stop()
    const stopped = await pending
    expect(stopped.status).toBe('cancelled')
    expect(path(stopped)).toEqual(['user:Q', 'assistant:Kept'])
    expect(stopped.branches).toEqual({})
    expect(stopped.resumable).toBe(false)
    expect(stopped.droppedVersions).toBe(0)
    // A later regeneration still keeps it.
    const again = await answer(wire, session.regenerate(), 'Other')
    expect(again.branches[idOf(again, 'Other')]).toEqual({ index: 1, count: 2 })
  })

  it('a regeneration that fails before its first token shows the error over the earlier answer', async () => {
    const { wire, session } = await conversation([['Q', 'Kept']])
    const pending = session.regenerate()
    await settle()
    wire.fail(new Error('connection reset'))
    const failed = await pending
    expect(failed.status).toBe('error')
    expect(path(failed)).toEqual(['user:Q', 'assistant:Kept'])
    expect(failed.branches).toEqual({})
  })

  it('caps the versions kept at a fork, dropping the least recently shown', async () => {
    const { wire, session } = await conversation([['Q', 'v1']], { caps: { maxVersions: 3 } })
    for (const text of ['v2', 'v3', 'v4']) await answer(wire, session.regenerate(), text)
    const after = session.getSnapshot()
    expect(after.branches[idOf(after, 'v4')]).toEqual({ index: 2, count: 3 })
    expect(after.droppedVersions).toBe(1)
    session.switchBranch(idOf(after, 'v4'), 0)
    expect(path(session.getSnapshot()).at(-1)).toBe('assistant:v2')
  })

  it('caps the messages kept off the path, oldest versions first', async () => {
    const { wire, session } = await conversation([['Q', 'v1']], { caps: { maxHiddenMessages: 2 } })
    for (const text of ['v2', 'v3', 'v4']) await answer(wire, session.regenerate(), text)
    const after = session.getSnapshot()
    expect(after.branches[idOf(after, 'v4')]).toEqual({ index: 2, count: 3 })
    expect(after.droppedVersions).toBe(1)
    session.switchBranch(idOf(after, 'v4'), 'previous')
    expect(path(session.getSnapshot()).at(-1)).toBe('assistant:v3')
  })

  it('reset clears every version', async () => {
    const { wire, session } = await conversation([['Q', 'v1']])
    await answer(wire, session.regenerate(), 'v2')
    session.reset()
    const cleared = session.getSnapshot()
    expect(cleared.branches).toEqual({})
    expect(cleared.branchTree.forks).toEqual({})
    expect(cleared.messages).toEqual([])
  })

  it('setMessages keeps the forks that still fit and drops the rest', async () => {
    const { wire, session } = await conversation([
      ['A', 'a1'],
      ['B', 'b1'],
    ])
    await answer(wire, session.regenerate(), 'b2')
    await answer(wire, session.editMessage(idOf(session.getSnapshot(), 'A'), 'A2'), 'a2')
    // Only the fork before A2 still has a message after it once the answer is removed.
    session.setMessages((previous) => previous.slice(0, 1))
    const trimmed = session.getSnapshot()
    expect(trimmed.branches).toEqual({ [idOf(trimmed, 'A2')]: { index: 1, count: 2 } })
    session.setMessages([])
    expect(session.getSnapshot().branches).toEqual({})
    expect(session.getSnapshot().droppedVersions).toBeGreaterThan(0)
  })

  it('reports an edit of a message that is not a user message on the path, and changes nothing', async () => {
    const errors: StreamError[] = []
    const { session } = await conversation([['Q', 'A']], { onError: (error) => errors.push(error) })
    const before = session.getSnapshot()
    const result = await session.editMessage(idOf(before, 'A'), 'x')
    expect(result.messages).toEqual(before.messages)
    await session.editMessage('nope', 'x')
    expect(errors.map((error) => error.code)).toEqual(['invalid_input', 'invalid_input'])
    expect(session.getSnapshot().messages).toEqual(before.messages)
  })

  it('ignores a switch at a message without versions or to an index out of range', async () => {
    const { wire, session } = await conversation([['Q', 'v1']])
    await answer(wire, session.regenerate(), 'v2')
    const before = session.getSnapshot()
    session.switchBranch(idOf(before, 'Q'), 0)
    session.switchBranch(idOf(before, 'v2'), 'next')
    session.switchBranch(idOf(before, 'v2'), 7)
    expect(session.getSnapshot()).toBe(before)
  })
})
