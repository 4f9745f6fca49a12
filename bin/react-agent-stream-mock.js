#!/usr/bin/env node
import { runMockAgentCli } from '../dist/testing-server.js'

await runMockAgentCli(process.argv.slice(2))
