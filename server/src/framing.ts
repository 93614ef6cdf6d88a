import { Transform, type TransformCallback } from 'node:stream';

/** Largest message body accepted, in bytes (a sheet is at most a few tens of MB of UTF-8). */
export const maxBodyBytes = 256 * 1024 * 1024;
/** Longest header block accepted, in bytes, before the stream is re-synchronised. */
const maxHeaderBytes = 8 * 1024;
const headerEnd = Buffer.from('\r\n\r\n', 'ascii');
const contentLengthName = Buffer.from('content-length:', 'ascii');

/**
 * A guard in front of the LSP base protocol reader (vscode-jsonrpc), for `--stdio`. The reader
 * stops for good on a header block without a usable `Content-Length` (missing, `abc`, `-5`): it
 * reports the error once and then reads the next body as headers, or waits forever for a negative
 * length, so the server never answers again. This Transform passes every well-framed message
 * through byte for byte; a header block whose `Content-Length` is not a decimal integer in
 * [0, maxBodyBytes], or an over-long header block, is dropped with the bytes up to the next
 * `Content-Length:` header (its body cannot be delimited), and `onError` is told in Japanese and
 * English. Source: LSP specification, "Base Protocol" (header part, `\r\n\r\n`, Content-Length in bytes).
 */
export class FramingGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes still to pass through for the current message's body. */
  private bodyLeft = 0;
  /** After a bad header: dropping bytes until the next `Content-Length:` header starts. */
  private resyncing = false;

  constructor(private readonly onError: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    while (this.buffer.length > 0) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, this.buffer.length);
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.bodyLeft -= n;
        continue;
      }
      if (this.resyncing) {
        const at = indexOfHeaderName(this.buffer);
        if (at < 0) {
          // Keep a tail that may hold the start of the next header name.
          this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - contentLengthName.length));
          return;
        }
        this.buffer = this.buffer.subarray(at);
        this.resyncing = false;
      }
      const end = this.buffer.indexOf(headerEnd);
      if (end < 0) {
        if (this.buffer.length > maxHeaderBytes) this.reject(`header block longer than ${maxHeaderBytes} bytes`, this.buffer.length);
        return;
      }
      const header = this.buffer.subarray(0, end).toString('ascii');
      const length = contentLength(header);
      if (typeof length === 'string') {
        this.reject(length, end + headerEnd.length);
        continue;
      }
      this.push(this.buffer.subarray(0, end + headerEnd.length));
      this.buffer = this.buffer.subarray(end + headerEnd.length);
      this.bodyLeft = length;
    }
  }

  /** Drops `consumed` bytes of a bad header and re-synchronises on the next header. */
  private reject(reason: string, consumed: number): void {
    this.buffer = this.buffer.subarray(consumed);
    this.resyncing = true;
    this.onError(`LSP メッセージのヘッダーが不正なため、そのメッセージを読み飛ばしました / malformed LSP header, message skipped: ${reason}`);
  }
}

/** The Content-Length of a header block, or why it has none usable. */
function contentLength(header: string): number | string {
  let value: string | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') value = line.slice(colon + 1).trim();
  }
  if (value === undefined) return 'no Content-Length';
  if (!/^[0-9]{1,10}$/.test(value)) return `Content-Length is not a byte count: ${JSON.stringify(value.slice(0, 20))}`;
  const length = Number(value);
  if (length > maxBodyBytes) return `Content-Length ${length} exceeds ${maxBodyBytes}`;
  return length;
}

/**
 * Offset of the next `Content-Length:` header name (ASCII case-insensitive), or -1. Clients write
 * the next header right after a body, so it need not start a line.
 */
function indexOfHeaderName(buffer: Buffer): number {
  return Buffer.from(buffer.toString('latin1').toLowerCase(), 'latin1').indexOf(contentLengthName);
}
