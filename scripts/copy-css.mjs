// The optional theme ships as a plain file: importing it from JS would make the entry side-effectful.
import { copyFileSync } from 'node:fs'

copyFileSync('src/styles.css', 'dist/styles.css')
