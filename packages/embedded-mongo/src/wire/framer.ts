/**
 * Splits a TCP byte stream into wire-protocol messages using the length prefix of
 * the 16-byte header. A length that is too small or too large is a protocol error:
 * the connection cannot be resynchronised and must be closed.
 */
export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;

export class ProtocolError extends Error {}

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete message, or undefined until more bytes arrive. */
  next(): Buffer | undefined {
    if (this.buffered < 4) return undefined;
    if (this.chunks[0].length < 4) this.compact();
    const len = this.chunks[0].readInt32LE(0);
    if (len < HEADER_SIZE || len > MAX_MESSAGE_SIZE) {
      throw new ProtocolError(`invalid message length ${len}`);
    }
    if (this.buffered < len) return undefined;
    if (this.chunks[0].length < len) this.compact();
    const first = this.chunks[0];
    const msg = first.subarray(0, len);
    if (first.length === len) this.chunks.shift();
    else this.chunks[0] = first.subarray(len);
    this.buffered -= len;
    return msg;
  }

  private compact(): void {
    this.chunks = [Buffer.concat(this.chunks)];
  }
}
