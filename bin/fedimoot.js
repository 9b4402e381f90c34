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
const { main } = await import('../commands/cli/main.ts');
// Exit explicitly: a stopped Matrix client may still hold a long-poll request open.
process.exit(await main(process.argv.slice(2)));
