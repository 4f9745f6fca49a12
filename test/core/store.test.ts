import { createManualScheduler, createStore } from '../../src/core/index.js'

type Action = { type: 'add'; amount: number } | { type: 'rename'; name: string }
interface State {
  readonly count: number
  readonly name: string
}

const reduceCounter = (state: State, action: Action): State => {
  if (action.type === 'add')
    return action.amount === 0 ? state : { ...state, count: state.count + action.amount }
  return state.name === action.name ? state : { ...state, name: action.name }
}

function counterStore(options: Partial<Parameters<typeof createStore<State, Action>>[0]> = {}) {
  return createStore<State, Action>({ initial: { count: 0, name: 'a' }, reduce: reduceCounter, ...options })
}

describe('createStore', () => {
  it('publishes each change at once by default and keeps the snapshot when nothing changed', () => {
    const store = counterStore()
    const seen: number[] = []
    store.subscribe(() => seen.push(store.getSnapshot().count))
    const before = store.getSnapshot()
    expect(store.dispatch({ type: 'add', amount: 0 })).toBe(false)
    expect(store.getSnapshot()).toBe(before)
    expect(store.dispatch({ type: 'add', amount: 2 })).toBe(true)
    store.dispatch({ type: 'add', amount: 3 })
    expect(seen).toEqual([2, 5])
  })

  it('coalesces scheduled changes into one publish and flushes cold ones at once', () => {
    const scheduler = createManualScheduler()
    const store = counterStore({
      scheduler,
      timing: (previous, next) => (previous.name !== next.name ? 'now' : 'scheduled'),
    })
    let calls = 0
    store.subscribe(() => calls++)
    store.dispatch({ type: 'add', amount: 1 })
    store.dispatch({ type: 'add', amount: 1 })
    expect(store.getState().count).toBe(2)
    expect(store.getSnapshot().count).toBe(0)
    expect(scheduler.pending).toBe(1)
    scheduler.flush()
    expect(calls).toBe(1)
    expect(store.getSnapshot().count).toBe(2)
    store.dispatch({ type: 'add', amount: 1 })
    store.dispatch({ type: 'rename', name: 'b' })
    // The cold change published the pending one with it and cancelled the scheduled publish.
    expect(calls).toBe(2)
    expect(store.getSnapshot()).toEqual({ count: 3, name: 'b' })
    expect(scheduler.pending).toBe(0)
  })

  it('publishes after maxPending unpublished changes whatever the timing says', () => {
    const scheduler = createManualScheduler()
    const store = counterStore({ scheduler, timing: () => 'scheduled', maxPending: 3 })
    let calls = 0
    store.subscribe(() => calls++)
    for (let index = 0; index < 7; index++) store.dispatch({ type: 'add', amount: 1 })
    expect(calls).toBe(2)
    expect(store.getSnapshot().count).toBe(6)
    scheduler.flush()
    expect(store.getSnapshot().count).toBe(7)
  })

  it('folds what beforePublish dispatches into the same publish', () => {
    let store = counterStore()
    store = counterStore({
      beforePublish: () => {
        store.dispatch({ type: 'rename', name: `n${store.getState().count}` })
      },
    })
    let calls = 0
    store.subscribe(() => calls++)
    store.dispatch({ type: 'add', amount: 4 })
    expect(calls).toBe(1)
    expect(store.getSnapshot()).toEqual({ count: 4, name: 'n4' })
  })

  it('reports a listener that throws and still tells the other listeners', () => {
    const errors: unknown[] = []
    const store = counterStore({ onListenerError: (error) => errors.push(error) })
    const failure = new Error('listener bug')
    let told = false
    store.subscribe(() => {
      throw failure
    })
    store.subscribe(() => {
      told = true
    })
    store.dispatch({ type: 'add', amount: 1 })
    expect(errors).toEqual([failure])
    expect(told).toBe(true)
  })

  it('tells no one after dispose and leaves no scheduled publish behind', () => {
    const scheduler = createManualScheduler()
    const store = counterStore({ scheduler, timing: () => 'scheduled' })
    let calls = 0
    store.subscribe(() => calls++)
    store.dispatch({ type: 'add', amount: 1 })
    store.dispose()
    expect(scheduler.pending).toBe(0)
    store.dispatch({ type: 'add', amount: 1 })
    const unsubscribe = store.subscribe(() => calls++)
    store.flush()
    unsubscribe()
    expect(calls).toBe(0)
    expect(store.getSnapshot().count).toBe(2)
  })
})
