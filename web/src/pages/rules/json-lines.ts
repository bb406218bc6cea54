// Where things are in a JSON text being edited: the line of each value by its path ("rules[1].conditions.all[0]
// .value", the API's way of naming a problem), and the line and column of a syntax error. Pure, no React.

/** Line (1-based) of every key and array element of `text`, by path; what follows a syntax error is left out. */
export function linesByPath(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skip();
    if (path) lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        if (text[i] !== '"') throw new Error('key expected');
        const keyLine = line;
        const key = string();
        const child = path ? `${path}.${key}` : key;
        skip();
        if (text[i++] !== ':') throw new Error('colon expected');
        value(child);
        lines.set(child, keyLine); // a problem with a value points at its key's line
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw new Error('comma expected');
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw new Error('comma expected');
      }
    }
    if (c === '"') return void string();
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) throw new Error('value expected');
    i += literal[0].length;
  };
  try {
    value('');
  } catch {
    // A text half edited: the paths found so far are still right.
  }
  return lines;
}

/** The line of the closest enclosing thing the text has for an API path ("body.rules[0].x" → rules[0]'s line). */
export function lineOfPath(lines: Map<string, number>, apiPath: string): number | null {
  let path = apiPath.replace(/^body\.?/, '');
  while (path) {
    const line = lines.get(path);
    if (line !== undefined) return line;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}

/** Parses `text`; on a syntax error, where it is (line and column, 1-based) and the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /line (\d+) column (\d+)/.exec(message);
    if (at) return { ok: false, line: Number(at[1]), column: Number(at[2]), message };
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    return { ok: false, line: before.length, column: before[before.length - 1].length + 1, message };
  }
}

/** The character offsets of a line (1-based), to select it in a text area. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}
