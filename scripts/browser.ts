// Launches Debian's Chromium through playwright-core with the flags that work on this kind of machine.
import { type Browser, chromium } from 'playwright-core'
import { ensureChromium } from './chromium.mjs'

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
