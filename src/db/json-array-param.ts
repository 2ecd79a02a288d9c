/**
 * A jsonb parameter that is a JSON array, held as its elements' JSON texts. node-postgres sends it in
 * jsonb's binary input form (a version byte, then the text), written element by element into one Buffer:
 * a batch serialised as one string would be a rope of V8 parts that the driver first copies into a new
 * multi-megabyte string to measure and encode it (about 7 % of a full sync's CPU). The statement must cast
 * the parameter (`$n::jsonb`), so the server reads it as jsonb.
 */
export class JsonArrayParam {
  constructor(readonly elements: readonly string[]) {}

  /** The array's JSON text (PGlite takes parameters as text). */
  toString(): string {
    return `[${this.elements.join(',')}]`;
  }

  /** node-postgres calls this for object parameters; a Buffer is sent in binary format. */
  toPostgres(): Buffer {
    let size = 3; // version byte, '[' and ']'
    for (const element of this.elements) size += Buffer.byteLength(element) + 1;
    const buffer = Buffer.allocUnsafe(size);
    buffer[0] = 1; // jsonb's binary format version
    buffer[1] = 0x5b; // [
    let at = 2;
    this.elements.forEach((element, i) => {
      if (i > 0) buffer[at++] = 0x2c; // ,
      at += buffer.write(element, at);
    });
    buffer[at++] = 0x5d; // ]
    return buffer.subarray(0, at);
  }
}
