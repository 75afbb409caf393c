'use strict';
// ses.js starts aws-ses-v2-local, the local stand-in for Amazon SES v2. Sent mail is kept in
// memory: the page at / shows it, GET /store returns it as JSON for tests, and
// GET /health-check answers when the server is ready.
const server = require('aws-ses-v2-local').default;
const { parseArgs, stopOnSignal } = require('./args');

async function main() {
  const { host, port } = parseArgs('ses', process.argv.slice(2));
  const s = await server({ host, port });
  console.log(`ses: aws-ses-v2-local listening on http://${host}:${port} (mail at /, JSON at /store)`);
  stopOnSignal('ses', s);
}

main().catch((err) => {
  console.error('ses: cannot start:', err);
  process.exit(1);
});
