import type { Disposable } from 'vscode-jsonrpc';
// ErrorCodes from the server library's own copy of the protocol: importing the value from the
// top-level vscode-languageserver-protocol bundled a second copy of it and of vscode-jsonrpc.
import { ErrorCodes, IPCMessageReader, IPCMessageWriter, type MessageReader, type MessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { DataCallback, Message, RequestMessage } from 'vscode-languageserver-protocol';
import { FramingGuard } from './framing';
import { publicationEncoder } from './publicationEncoder';

/**
 * Wraps a MessageReader to give the LSP `shutdown` request its meaning: once it has been received,
 * every later request is answered with InvalidRequest (-32600) and every notification but `exit`
 * is dropped (LSP specification, "Shutdown Request"), so no handler — registered now or by a later
 * feature — runs on a server that was asked to stop, and no document is validated any more.
 */
export function shutdownGuard(reader: MessageReader, writer: MessageWriter): MessageReader & { readonly shutDown: boolean } {
  let shutDown = false;
  return {
    get shutDown() {
      return shutDown;
    },
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback: DataCallback): Disposable {
      return reader.listen((message: Message) => {
        const request = message as Partial<RequestMessage>;
        if (!shutDown) {
          if (request.method === 'shutdown' && request.id !== undefined) shutDown = true;
          callback(message);
          return;
        }
        if (request.method === 'exit') callback(message);
        else if (request.id !== undefined && request.method !== undefined) {
          void writer.write({ jsonrpc: '2.0', id: request.id, error: { code: ErrorCodes.InvalidRequest, message: `The server is shut down; ${request.method} is refused.` } } as Message);
        }
      });
    },
  };
}

/**
 * The server's transport for `--stdio` and `--node-ipc` (the ones clients use), with the guards
 * above: framing checked on stdio (FramingGuard), shutdown semantics on both. Undefined for other
 * transports (socket, pipe), which keep the library's defaults. `log` reports framing errors.
 */
export function guardedTransport(argv: readonly string[], log: (message: string) => void): [MessageReader, MessageWriter] | undefined {
  if (argv.includes('--stdio')) {
    // Publications assembled from the kept JSON of unchanged diagnostics (publicationEncoder.ts).
    const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: publicationEncoder() });
    const reader = shutdownGuard(new StreamMessageReader(process.stdin.pipe(new FramingGuard(log))), writer);
    // As the library does for --stdio: stdout belongs to the protocol, and the end of stdin ends the server.
    for (const level of ['log', 'info', 'warn', 'debug'] as const) console[level] = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
    process.stdin.on('end', () => process.exit(reader.shutDown ? 0 : 1));
    return [reader, writer];
  }
  if (argv.includes('--node-ipc')) {
    const writer = new IPCMessageWriter(process);
    return [shutdownGuard(new IPCMessageReader(process), writer), writer];
  }
  return undefined;
}
