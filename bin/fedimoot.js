#!/usr/bin/env node
// Plain JavaScript on purpose: it must parse on any Node to explain a too-old one in one sentence.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `fedimoot needs Node 22.18 or newer (this is Node ${process.versions.node}); ` +
      'run it with `npm start --` (which uses the Node 24 installed with the project) or install a newer Node.\n',
  );
  process.exit(2);
}
// Dependencies of matrix-bot-sdk use deprecated Node APIs; their warnings say nothing an operator can act on.
process.noDeprecation = true;

// `run` restarts Node in place (execve: same pid, for systemd and signals) with V8 flags that keep a resting bot small
// (see run-flags.js), unless the operator set such flags of their own.
const { RUN_FLAGS, runFlagsGiven } = await import('./run-flags.js');
const flagsGiven = runFlagsGiven([...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]);
if (process.argv[2] === 'run' && !flagsGiven && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...RUN_FLAGS, ...process.execArgv, ...process.argv.slice(1)], process.env);
}

// The sources run too (Node strips the types), only with a larger footprint: after an edit, before the next build.
const { compiledIsCurrent } = await import('./compiled-build.js');
const entry = compiledIsCurrent() ? '../dist/commands/cli/main.js' : '../commands/cli/main.ts';
const { main } = await import(entry);
// Exit explicitly: a stopped Matrix client may still hold a long-poll request open.
process.exit(await main(process.argv.slice(2)));
