#!/usr/bin/env node
// The Docker image's entry point (see Dockerfile): starts the pinned, patched Prism on the contract.
// Settings come from the environment so the Docker image can reuse this script unchanged:
//   MOCK_HOST (127.0.0.1), MOCK_PORT (4010), CONTRACT_FILE (../openapi/openapi.yaml);
// any arguments are passed on to `prism mock`, e.g. `npm --prefix mock-server start -- -d --seed 1`.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const moduleDir = __dirname;
const host = process.env.MOCK_HOST || '127.0.0.1';
const port = process.env.MOCK_PORT || '4010';
const contract = path.resolve(process.env.CONTRACT_FILE || path.join(moduleDir, '..', 'openapi', 'openapi.yaml'));
const prismEntry = path.join(moduleDir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

if (!fs.existsSync(prismEntry)) {
  console.error(`Prism is not installed in ${moduleDir}: run "./mvnw -B install -DskipTests" from the repository root ` +
    '(or "npm ci" in mock-server) first.');
  process.exit(1);
}
if (!fs.existsSync(contract)) {
  console.error(`Contract not found: ${contract} (set CONTRACT_FILE)`);
  process.exit(1);
}

const prism = spawn(process.execPath, [prismEntry, 'mock', '-h', host, '-p', port, ...process.argv.slice(2), contract],
  { cwd: moduleDir, stdio: ['ignore', 'pipe', 'inherit'] });

readline.createInterface({ input: prism.stdout }).on('line', line => {
  console.log(line);
  if (/Prism is listening on/.test(line)) {
    const shownHost = host === '0.0.0.0' ? 'localhost' : host;
    console.log(`AI Stats Gateway mock listening on http://${host}:${port} (contract: ${contract})`);
    console.log(`Client base URL: http://${shownHost}:${port}  -- no /v1: Prism serves the contract's paths ` +
      `without the server path, e.g. POST http://${shownHost}:${port}/images/edits. Ctrl+C stops it.`);
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => prism.kill(signal));
}
prism.on('exit', (code, signal) => process.exit(code === null ? (signal ? 1 : 0) : code));
