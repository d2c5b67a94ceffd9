/**
 * JSON syntax errors located: the offset and a plain message for the first thing JSON.parse rejects,
 * and its line and column.
 */


export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export class JsonStop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Scans JSON text and returns where and why it first goes wrong, or null if it is valid. */
export function findJsonError(text: string): { offset: number; message: string } | null {
  const scan = new JsonScan(text);
  try {
    scan.value();
    scan.skipSpace();
    if (scan.i < text.length) scan.fail(`unexpected ${scan.show(scan.i)} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof JsonStop) return { offset: error.offset, message: error.message };
    throw error;
  }
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A strict JSON reader that stops (JsonStop) at the first thing it rejects. */
class JsonScan {
  i = 0;
  constructor(readonly text: string) {}

  show(at: number): string {
    const c = this.text[at];
    if (c === undefined) return 'the end of the file';
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(at, at + 40));
    return JSON.stringify(word ? word[0] : c);
  }

  fail(message: string, at = this.i): never {
    throw new JsonStop(at, message);
  }

  skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  string(): void {
    const { text } = this;
    this.i++;
    for (;;) {
      const c = text[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape in a string (needs 4 hex digits)');
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.i += 2;
        } else {
          this.fail(`bad escape \\${e ?? ''} in a string`);
        }
        continue;
      }
      if (text.charCodeAt(this.i) < 32) this.fail('control character inside a string (write \\n or \\t instead)');
      this.i++;
    }
  }

  /** After a member or item: true at a comma (more follow), false at the closing mark. */
  next(close: '}' | ']', what: string): boolean {
    this.skipSpace();
    const { text } = this;
    if (text[this.i] === ',') {
      const comma = this.i;
      this.i++;
      this.skipSpace();
      if (text[this.i] === close) this.fail(`trailing comma before "${close}"`, comma);
      return true;
    }
    if (text[this.i] === close) {
      this.i++;
      return false;
    }
    return this.fail(`expected "," or "${close}" after ${what}, found ${this.show(this.i)}`);
  }

  /** An empty object or list right after its opening mark. */
  empty(close: '}' | ']'): boolean {
    this.i++;
    this.skipSpace();
    if (this.text[this.i] !== close) return false;
    this.i++;
    return true;
  }

  object(): void {
    if (this.empty('}')) return;
    do {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.fail(`expected a double-quoted field name, found ${this.show(this.i)}`);
      this.string();
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail(`expected ":" after the field name, found ${this.show(this.i)}`);
      this.i++;
      this.value();
    } while (this.next('}', 'a value'));
  }

  array(): void {
    if (this.empty(']')) return;
    do this.value();
    while (this.next(']', 'a list item'));
  }

  value(): void {
    this.skipSpace();
    const { text } = this;
    const c = text[this.i];
    if (c === undefined) this.fail('unexpected end of the file, expected a value');
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER_RE.lastIndex = this.i;
      const match = NUMBER_RE.exec(text);
      if (!match) this.fail(`bad number`);
      this.i += (match as RegExpExecArray)[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, this.i)) {
        this.i += literal.length;
        return;
      }
    }
    this.fail(`unexpected ${this.show(this.i)}, expected a value`);
  }
}
