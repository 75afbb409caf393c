'use strict';
// Shared command-line parsing for the local AWS stand-ins: every script takes the same
// --host and --port flags, so `make deps/up` (tools/cmd/local) starts them all the same way.

/**
 * parseArgs reads --host HOST and --port PORT from argv and exits with a usage message when
 * the port is missing or not a number.
 * @param {string} name the emulator's name, for messages.
 * @param {string[]} argv process.argv.slice(2).
 * @returns {{host: string, port: number}}
 */
function parseArgs(name, argv) {
  const opts = { host: '127.0.0.1', port: NaN };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline !== undefined ? inline : argv[++i];
    switch (flag) {
      case '--host': opts.host = value; break;
      case '--port': opts.port = Number(value); break;
      default:
        console.error(`${name}: unknown argument '${argv[i]}'; usage: node ${name}.js --port PORT [--host HOST]`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port <= 0 || opts.port > 65535) {
    console.error(`${name}: --port must be a TCP port number (1-65535); usage: node ${name}.js --port PORT [--host HOST]`);
    process.exit(2);
  }
  return opts;
}

/**
 * stopOnSignal closes server on SIGTERM/SIGINT and exits 0, so `make deps/down` ends cleanly.
 * @param {string} name the emulator's name, for messages.
 * @param {{close: Function}} server a node http.Server (or anything with close(cb)).
 */
function stopOnSignal(name, server) {
  const stop = (signal) => {
    console.log(`${name}: ${signal} received, stopping`);
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; the platform is throwaway, so do not wait.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

module.exports = { parseArgs, stopOnSignal };
