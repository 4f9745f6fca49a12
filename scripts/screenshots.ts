// Screenshots for the README and for looking at the UI: the playground mid-conversation, and the
// AllStates stories in light and dark. `npx tsx scripts/screenshots.ts [outDir]` (default docs/screenshots).
// Builds Storybook first when storybook-static/ is missing.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { listenOnLoopback } from '../test/helpers/local-server.js'
import { launchChromium } from './browser.js'

const outDir = process.argv[2] ?? 'docs/screenshots'
mkdirSync(outDir, { recursive: true })

const stories = [
  'components-toolcallbadge--all-states',
  'components-toolcallbadge--approval-pending',
  'components-thinkingindicator--all-states',
  'components-chat-primitives--all-states',
  'components-chat-primitives--conversation',
  'components-streamingmarkdown--all-states',
  'components-streamingmarkdown--with-shiki',
  'components-streamingmarkdown--with-math',
  'components-streamingmarkdown--with-react-markdown-options',
  'components-streamingmarkdown--readme-with-references',
]

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

if (!existsSync('storybook-static/iframe.html')) {
  spawnSync('npm', ['run', '-s', 'build-storybook'], { stdio: 'inherit' })
}
const files = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
    /^(\.\.[/\\])+/,
    '',
  )
  const file = join('storybook-static', path.endsWith('/') ? `${path}index.html` : path)
  if (!existsSync(file)) {
    response.writeHead(404)
    return response.end()
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
  response.end(readFileSync(file))
})
const storybook = `http://127.0.0.1:${await listenOnLoopback(files)}`

const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } })
  for (const id of stories) {
    for (const theme of ['light', 'dark']) {
      await page.goto(`${storybook}/iframe.html?id=${id}&viewMode=story&globals=theme:${theme}`)
      try {
        await page.locator('#storybook-root > *').first().waitFor({ timeout: 15_000 })
      } catch {
        process.stderr.write(`skipped ${id} (${theme}): the story did not render\n`)
        continue
      }
      // Live stories stream their answer: give them time to finish.
      await page.waitForTimeout(id.includes('--with-') ? 6000 : 800)
      await page.screenshot({
        path: `${outDir}/${id.replace('components-', '')}-${theme}.png`,
        fullPage: true,
      })
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 })
  await page.goto(`${storybook}/?path=/story/components-toolcallbadge--all-states`)
  await page.frameLocator('#storybook-preview-iframe').getByText('get_weather').waitFor({ timeout: 30_000 })
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${outDir}/storybook.png` })

  // The playground: the real `npm start`, one answer with thinking and a tool call.
  const child = spawn('npx', ['tsx', 'scripts/dev.ts'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/playground: (http:\/\/\S+)/)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', () => reject(new Error(output)))
  })
  try {
    await page.setViewportSize({ width: 1280, height: 860 })
    await page.goto(url)
    await page.getByLabel('Scenario').selectOption('tool-calls')
    await page.getByRole('textbox', { name: 'Message' }).fill('What is the weather in Lisbon?')
    await page.keyboard.press('Enter')
    await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
    await page.getByLabel('Scenario').selectOption('markdown')
    await page.getByRole('textbox', { name: 'Message' }).fill('How does SSE stay reliable?')
    await page.keyboard.press('Enter')
    await page.locator('.ras-message-list[data-status="complete"]').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: `${outDir}/playground.png` })
    await page.goto('about:blank')
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
  }
} finally {
  await browser.close()
  files.close()
}
process.stdout.write(`screenshots written to ${outDir}\n`)
