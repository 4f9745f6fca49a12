// ESLint covers what Biome lacks: the React Hooks rules and the layering of src/ (CONTRIBUTING.md,
// "The layering rule").
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** A folder imports only from the layers above it (CONTRIBUTING.md, "The layering rule"). */
const layers = {
  core: [],
  transports: ['core'],
  protocols: ['core'],
  markdown: [],
  hooks: ['core', 'transports', 'protocols'],
  components: ['core', 'markdown', 'hooks'],
  testing: ['core', 'transports', 'protocols', 'server'],
  server: ['core', 'protocols'],
}
const allLayers = Object.keys(layers)

const layerRules = Object.entries(layers).map(([layer, allowed]) => {
  const forbidden = allLayers.filter((other) => other !== layer && !allowed.includes(other))
  const patterns = forbidden.map((other) => {
    return {
      group: [`**/${other}/*`, `**/${other}`, `../${other}/*`, `../../${other}/*`],
      message: `src/${layer} may import only from: ${allowed.join(', ') || 'nothing else in src'} (CONTRIBUTING.md, layering rule).`,
    }
  })
  if (['core', 'transports', 'protocols', 'markdown', 'server'].includes(layer)) {
    patterns.push({
      group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      message: `src/${layer} is framework-agnostic: no React.`,
    })
  }
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: layer === 'testing' ? [] : [],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }
})

export default defineConfig([
  globalIgnores(['dist', 'storybook-static', 'coverage', '.ci-out', 'node_modules']),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    extends: [reactHooks.configs.flat.recommended],
  },
  ...layerRules,
])
