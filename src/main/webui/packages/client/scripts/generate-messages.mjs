// Generates src/messages.generated.ts from the service's AsyncAPI document, so the wire types cannot drift
// from the protocol: `npm run generate:types` writes the file, the unit test messages.test.ts fails when the
// committed file differs from what this script produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ASYNCAPI = fileURLToPath(
  new URL('../../../../resources/META-INF/resources/asyncapi.yaml', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../src/messages.generated.ts', import.meta.url));

/** The TypeScript text for an AsyncAPI document's text. */
export function generate(yamlText) {
  const doc = parse(yamlText);
  const resolve = (node) => {
    if (node && node.$ref) {
      const path = node.$ref.replace(/^#\//, '').split('/');
      return resolve(path.reduce((n, key) => n[key], doc));
    }
    return node;
  };
  // Flattens allOf into one object schema; later parts refine earlier properties.
  const flatten = (schema) => {
    schema = resolve(schema);
    if (!schema.allOf) return schema;
    const merged = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map(flatten)) {
      for (const [key, value] of Object.entries(part.properties ?? {})) {
        const previous = merged.properties[key];
        merged.properties[key] = previous && resolve(previous).type === 'object' && value.type === 'object'
          ? { ...resolve(previous), ...value } : value;
      }
      merged.required.push(...(part.required ?? []));
    }
    return merged;
  };
  const typeOf = (schema, indent) => {
    schema = resolve(schema);
    if (schema.allOf) schema = flatten(schema);
    if ('const' in schema) return JSON.stringify(schema.const);
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (schema.oneOf) return schema.oneOf.map((s) => typeOf(s, indent)).join(' | ');
    if (Array.isArray(schema.type)) return schema.type.map((t) => typeOf({ ...schema, type: t }, indent)).join(' | ');
    switch (schema.type) {
      case 'string': return 'string';
      case 'integer': case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'array': return `Array<${typeOf(schema.items ?? {}, indent)}>`;
      case 'object': return objectType(schema, indent);
      default: return 'unknown';
    }
  };
  const objectType = (schema, indent) => {
    const entries = Object.entries(schema.properties ?? {});
    if (entries.length === 0) {
      return schema.additionalProperties ? `Record<string, ${typeOf(schema.additionalProperties, indent)}>`
        : 'Record<string, never>';
    }
    const required = new Set(schema.required ?? []);
    const pad = '  '.repeat(indent + 1);
    const lines = entries.map(([key, value]) => {
      const doc = resolve(value).description;
      const comment = doc ? `${pad}/** ${doc.trim().replace(/\s+/g, ' ')} */\n` : '';
      return `${comment}${pad}${key}${required.has(key) ? '' : '?'}: ${typeOf(value, indent + 1)};`;
    });
    return `{\n${lines.join('\n')}\n${'  '.repeat(indent)}}`;
  };

  const channel = doc.channels['/ws'];
  const refName = (ref) => ref.$ref.split('/').pop();
  const server = channel.subscribe.message.oneOf.map(refName);
  const client = channel.publish.message.oneOf.map(refName);
  const out = [
    '// Generated from src/main/resources/META-INF/resources/asyncapi.yaml by scripts/generate-messages.mjs.',
    '// Do not edit: run `npm run generate:types`. The unit test messages.test.ts fails when this file is stale.',
    '',
  ];
  const emit = (name, suffix) => {
    const message = doc.components.messages[name];
    const summary = message.summary ? `/** ${message.name}: ${message.summary.trim()} */\n` : `/** ${message.name} */\n`;
    const payload = { ...flatten(message.payload) };
    if (suffix === 'Message') {
      // The message's name is its `type` on the wire, also where the payload schema leaves `type` a plain string.
      payload.properties = { ...payload.properties, type: { const: message.name } };
    }
    out.push(`${summary}export interface ${name}${suffix} ${typeOf(payload, 0)}`, '');
  };
  server.forEach((name) => emit(name, 'Message'));
  client.forEach((name) => emit(name, 'Command'));
  out.push('/** Every message the server sends on /ws. */');
  out.push(`export type ServerMessage =\n${server.map((n) => `  | ${n}Message`).join('\n')};`, '');
  out.push('/** Every message a client may send on /ws. */');
  out.push(`export type ClientCommand =\n${client.map((n) => `  | ${n}Command`).join('\n')};`, '');
  out.push('/** The `type` of every server message, in the order of the AsyncAPI document. */');
  out.push(`export const SERVER_MESSAGE_TYPES = [${server.map((n) => JSON.stringify(doc.components.messages[n].name)).join(', ')}] as const;`, '');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, generate(readFileSync(ASYNCAPI, 'utf8')));
  console.log(`wrote ${OUTPUT}`);
}
