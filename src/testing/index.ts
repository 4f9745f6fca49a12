export { getScenario, scenarios, tokenize } from './scenarios.js'
export type { Scenario } from './scenarios.js'
