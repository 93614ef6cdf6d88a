import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';

/**
 * The server's JSON encoder for messages on stdio (issue 11 §2: an edit costs what it changes):
 * what vscode-jsonrpc's own encoder writes (`JSON.stringify(message)` in the writer's charset),
 * byte for byte, but a `textDocument/publishDiagnostics` notification is assembled from the
 * serialised form of each Diagnostic, kept for frozen ones. The language service gives the same
 * frozen Diagnostic objects again for every finding an edit did not change (service/diagnosticReuse.ts),
 * so after an edit only the changed findings are serialised and encoded: at 8,636 lines about 900
 * findings, 0.5 MB of UTF-8, were serialised and encoded again on every keystroke (≈ 10 ms of the
 * main thread, and most of the garbage an edit made).
 *
 * Only frozen Diagnostics are kept (an object that can change could not be trusted to serialise as
 * before); others are serialised every time. Memory goes with the Diagnostics (a WeakMap).
 */
export function publicationEncoder(): ContentTypeEncoder & { readonly stats: { reused: number; encoded: number } } {
  const fragments = new WeakMap<object, Buffer>();
  const stats = { reused: 0, encoded: 0 };
  const comma = Buffer.from(',');

  /** The message as `JSON.stringify` writes it, from the kept fragments of its diagnostics. */
  function publication(message: Message & { params: { diagnostics: readonly unknown[] } }, charset: BufferEncoding): Buffer {
    const { params } = message;
    // The envelope (jsonrpc, method, uri, version … in their order) with a marker in place of the array.
    const envelope = JSON.stringify({ ...message, params: { ...params, diagnostics: marker } }, undefined, 0);
    const at = envelope.lastIndexOf(markerJson);
    const parts: Buffer[] = [Buffer.from(`${envelope.slice(0, at)}[`, charset)];
    params.diagnostics.forEach((diagnostic, i) => {
      if (i > 0) parts.push(comma);
      parts.push(fragmentOf(diagnostic, charset));
    });
    parts.push(Buffer.from(`]${envelope.slice(at + markerJson.length)}`, charset));
    return Buffer.concat(parts);
  }

  function fragmentOf(diagnostic: unknown, charset: BufferEncoding): Buffer {
    const keep = diagnostic !== null && typeof diagnostic === 'object' && Object.isFrozen(diagnostic);
    const kept = keep ? fragments.get(diagnostic) : undefined;
    if (kept) {
      stats.reused++;
      return kept;
    }
    stats.encoded++;
    // As an array element: undefined and functions are written as null.
    const fragment = Buffer.from(JSON.stringify(diagnostic, undefined, 0) ?? 'null', charset);
    if (keep) fragments.set(diagnostic, fragment);
    return fragment;
  }

  return {
    name: 'application/json',
    stats,
    encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
      try {
        const charset = (options.charset ?? 'utf-8') as BufferEncoding;
        if (isPublication(message) && charset === 'utf-8') return Promise.resolve(publication(message, charset));
        return Promise.resolve(Buffer.from(JSON.stringify(message, undefined, 0), charset));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** Stands for the diagnostics array in the envelope (a string no message holds at that place). */
const marker = '\u0000policy-sheets:diagnostics\u0000';
const markerJson = JSON.stringify(marker);

function isPublication(message: Message): message is Message & { params: { diagnostics: readonly unknown[] } } {
  const { method, params } = message as { method?: unknown; params?: { diagnostics?: unknown } };
  return method === 'textDocument/publishDiagnostics' && params !== null && typeof params === 'object' && !Array.isArray(params) && Array.isArray(params.diagnostics);
}
