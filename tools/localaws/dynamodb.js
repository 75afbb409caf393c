'use strict';
// dynamodb.js starts dynalite, the local stand-in for Amazon DynamoDB, in memory: tables are
// gone when it stops, like every other piece of the local platform. Known gaps (see
// DESIGN.md): no UpdateTimeToLive and no transactions.
const dynalite = require('dynalite');
const { parseArgs, stopOnSignal } = require('./args');

const { host, port } = parseArgs('dynamodb', process.argv.slice(2));
// Tables become ACTIVE after these delays; keep them short so tests that create their own
// tables do not wait, but non-zero so clients still exercise their waiters.
const server = dynalite({ createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 });
server.on('error', (err) => {
  console.error('dynamodb: cannot start:', err);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`dynamodb: dynalite listening on http://${host}:${port}`);
});
stopOnSignal('dynamodb', server);
