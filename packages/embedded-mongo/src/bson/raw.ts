/**
 * Builds BSON documents from already serialised parts. Cursor replies and snapshot
 * chunks are made of many documents that are serialised one by one (to count their
 * size against limits); this assembles them without a second serialisation, and
 * without `bson.serialize`'s 17 MB working buffer limit.
 */
import { serialize } from 'bson';

/** `bson.serialize` as a Buffer (it returns a Uint8Array view in its types). */
export function serializeToBuffer(v: object): Buffer {
  const u8 = serialize(v);
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

export class RawDocBuilder {
  private readonly parts: Buffer[] = [];
  private bytes = 0;

  private push(b: Buffer): void {
    this.parts.push(b);
    this.bytes += b.length;
  }

  /** Any value, serialised by `bson` (the element is cut out of `{name: value}`). */
  value(name: string, v: unknown): this {
    const whole = serializeToBuffer({ [name]: v });
    this.push(whole.subarray(4, whole.length - 1));
    return this;
  }

  /** An embedded document given as its BSON bytes. */
  rawDoc(name: string, raw: Uint8Array): this {
    this.push(Buffer.concat([Buffer.from([0x03]), cstring(name)]));
    this.push(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    return this;
  }

  /** An array of documents given as their BSON bytes. */
  rawArray(name: string, raws: readonly Uint8Array[]): this {
    const inner = new RawDocBuilder();
    raws.forEach((r, i) => inner.rawDoc(String(i), r));
    return this.rawDoc(name, inner.finish()).retype(0x04);
  }

  /** Changes the type byte of the element just added (array vs document share a layout). */
  private retype(type: number): this {
    this.parts[this.parts.length - 2][0] = type;
    return this;
  }

  get size(): number {
    return this.bytes + 5;
  }

  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes + 5);
    out.writeInt32LE(this.bytes + 5, 0);
    let off = 4;
    for (const p of this.parts) {
      p.copy(out, off);
      off += p.length;
    }
    out[off] = 0;
    return out;
  }
}

function cstring(s: string): Buffer {
  return Buffer.from(s + '\u0000', 'utf8');
}
