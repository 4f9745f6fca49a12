// Records test/fixtures/ag-ui/*.sse from the real producer (@ag-ui/encoder over events checked
// against @ag-ui/core's schema): `npx tsx scripts/record-ag-ui-fixtures.ts`. The ag-ui decoder test
// fails when the encoder's output no longer matches a recording, so rerun this after upgrading them.
import { mkdirSync, writeFileSync } from 'node:fs'
import { AG_UI_RUNS, encodeRun } from '../test/protocols/ag-ui-producer.js'

const folder = 'test/fixtures/ag-ui'
mkdirSync(folder, { recursive: true })
for (const [file, run] of Object.entries(AG_UI_RUNS)) {
  writeFileSync(`${folder}/${file}`, encodeRun(run()))
  console.log(`wrote ${folder}/${file}`)
}
