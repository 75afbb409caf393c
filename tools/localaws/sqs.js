'use strict';
// sqs.js starts local-aws-sqs, the local stand-in for Amazon SQS (JSON and Query protocols).
//
// The server starts with no queues: clients and tests create their own with CreateQueue through
// the AWS SDK (AWS_ENDPOINT_URL_SQS), and `make deps/up` creates the named ones. A dead-letter
// queue must exist before a queue whose RedrivePolicy points at it is created, as in real SQS.
const { createSqsServer } = require('local-aws-sqs');
const { parseArgs, stopOnSignal } = require('./args');

async function main() {
  const { host, port } = parseArgs('sqs', process.argv.slice(2));
  const server = await createSqsServer({
    port,
    hostname: host,
    // Queue ARNs carry the platform's region, as they do in AWS.
    region: process.env.AWS_REGION || 'ap-northeast-1',
    // Real SQS makes you wait 60 s before re-creating a deleted queue name. Tests use unique
    // names, and a developer re-running `make dev` should not wait a minute, so turn it off.
    emulateQueueCreationLifecycle: false,
  });
  console.log(`sqs: local-aws-sqs listening on http://${host}:${port}`);
  stopOnSignal('sqs', server);
}

main().catch((err) => {
  console.error('sqs: cannot start:', err);
  process.exit(1);
});
