export type { Scenario } from './scenarios.js'
export { getScenario, scenarios, tokenize } from './scenarios.js'
