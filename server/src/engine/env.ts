import { interpolate } from './interpolate';

/**
 * Reads a dotenv file the way Compose does: `KEY=VALUE`, optional `export `, `#` comments,
 * single quotes literal, double quotes with escapes, unquoted values trimmed with inline
 * ` #` comments cut, and `${VAR}` references to earlier entries or the environment.
 */
export interface EnvEntry {
  name: string;
  value: string;
  line: number;
}

export function parseEnvFile(text: string, outer: (name: string) => string | undefined = () => undefined): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const local = new Map<string, string>();
  const lookup = (n: string) => local.get(n) ?? outer(n);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) {
      // A bare name takes its value from the environment, as Compose does.
      const v = outer(line);
      if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(line) && v !== undefined) {
        local.set(line, v);
        entries.push({ name: line, value: v, line: i });
      }
      continue;
    }
    const name = line.slice(0, eq).trim();
    let raw = line.slice(eq + 1).trim();
    let value: string;
    if (raw.startsWith("'")) {
      const end = raw.indexOf("'", 1);
      value = end > 0 ? raw.slice(1, end) : raw.slice(1);
    } else if (raw.startsWith('"')) {
      let end = 1;
      let collected = '';
      // Double-quoted values may span lines.
      for (;;) {
        while (end < raw.length && !(raw[end] === '"' && raw[end - 1] !== '\\')) end++;
        if (end < raw.length || i + 1 >= lines.length) break;
        collected += raw.slice(1) + '\n';
        raw = '"' + lines[++i];
        end = 1;
      }
      value = (collected + raw.slice(1, end)).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      value = interpolate(value, lookup).value;
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash).trimEnd();
      value = interpolate(raw, lookup).value;
    }
    local.set(name, value);
    entries.push({ name, value, line: i });
  }
  return entries;
}
