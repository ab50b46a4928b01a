#!/usr/bin/env node
// Launches the egress-scout CLI from its TypeScript sources (tsx on Node 20; the code is also erasable-syntax only).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
