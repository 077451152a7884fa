#!/usr/bin/env node
// The `pond` command. Pond's packages are TypeScript run through tsx's loader.
import { register } from 'tsx/esm/api';

// `pond today | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
register();
const { main } = await import('../src/main.ts');
await main(process.argv);
