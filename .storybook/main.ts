import type { StorybookConfig } from '@storybook/react-vite'
import { playgroundAliases } from '../demo/vite.config.js'

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Babel-based docgen: works with any TypeScript (react-docgen-typescript needs the TS API).
  typescript: { reactDocgen: 'react-docgen' },
  async viteFinal(viteConfig) {
    // Stories import the public entry by its package name, resolved to the sources.
    const alias = Array.isArray(viteConfig.resolve?.alias) ? viteConfig.resolve.alias : []
    return { ...viteConfig, resolve: { ...viteConfig.resolve, alias: [...playgroundAliases, ...alias] } }
  },
}

export default config
