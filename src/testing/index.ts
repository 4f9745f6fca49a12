export type { Scenario } from './scenarios.js'
export { getScenario, longScenario, scenarios, scenarioText, tokenize } from './scenarios.js'
