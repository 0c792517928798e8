#!/usr/bin/env node
// Installs the pinned Prism (npm ci + patch-package via postinstall) for the Maven build.
// npm ci wipes and rebuilds node_modules every time, which is slow; a stamp holding a hash of
// everything that decides the install (lockfile, patches, Node major) lets an unchanged tree be kept.
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const moduleDir = path.resolve(__dirname, '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8'));
const minimumNode = packageJson.engines.node.replace(/^>=\s*/, '');

function versionAtLeast(actual, minimum) {
  const a = actual.split('.').map(Number);
  const m = minimum.split('.').map(Number);
  for (let i = 0; i < m.length; i++) {
    if ((a[i] || 0) !== m[i]) return (a[i] || 0) > m[i];
  }
  return true;
}

if (!versionAtLeast(process.versions.node, minimumNode)) {
  console.error(`mock-server needs Node.js >= ${minimumNode} (found ${process.versions.node}): ` +
    'install it from https://nodejs.org or a package manager, or run the mock with Docker (see mock-server/README.md).');
  process.exit(1);
}

function installFingerprint() {
  const hash = crypto.createHash('sha256');
  hash.update(`node-major:${process.versions.node.split('.')[0]}\n`);
  hash.update(fs.readFileSync(path.join(moduleDir, 'package.json')));
  hash.update(fs.readFileSync(path.join(moduleDir, 'package-lock.json')));
  const patchesDir = path.join(moduleDir, 'patches');
  if (fs.existsSync(patchesDir)) {
    for (const name of fs.readdirSync(patchesDir).sort()) {
      hash.update(`patch:${name}\n`);
      hash.update(fs.readFileSync(path.join(patchesDir, name)));
    }
  }
  return hash.digest('hex');
}

// Inside node_modules so that npm ci, which deletes that folder first, also invalidates the stamp.
const stampFile = path.join(moduleDir, 'node_modules', '.ai-stats-install-stamp');
const fingerprint = installFingerprint();
const prismEntry = path.join(moduleDir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

if (fs.existsSync(prismEntry) && fs.existsSync(stampFile)
    && fs.readFileSync(stampFile, 'utf8').trim() === fingerprint) {
  console.log('mock-server: node_modules is up to date with package-lock.json and patches/, skipping npm ci');
  process.exit(0);
}

const isWindows = process.platform === 'win32';
// npm is a .cmd script on Windows, which Node only spawns through a shell.
const result = spawnSync(isWindows ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'],
  { cwd: moduleDir, stdio: 'inherit', shell: isWindows });
if (result.error) {
  console.error(`mock-server: could not run npm (${result.error.message}); install Node.js >= ${minimumNode} with npm.`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`mock-server: npm ci failed with exit code ${result.status}`);
  process.exit(result.status || 1);
}
fs.writeFileSync(stampFile, fingerprint + '\n');
