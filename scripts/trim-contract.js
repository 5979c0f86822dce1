// Writes contract/checkout-sessions.json: the checkout-session paths of RevKeen's OpenAPI document
// and every schema they reference, with prose dropped and `nullable` made JSON Schema.
// Usage: node scripts/trim-contract.js [path/to/revkeen-openapi.yaml] [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const PROSE = new Set(['description', 'summary', 'example', 'examples', 'x-codeSamples', 'x-fern-sdk-group-name', 'x-cli-group', 'x-cli-name', 'tags']);

export function trimContract(document) {
  const paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/checkout-sessions')));
  const schemas = {};
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (!(name in schemas)) {
        schemas[name] = document.components.schemas[name];
        visit(schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(paths);
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  return clean({
    openapi: document.openapi,
    info: { title: document.info.title, version: document.info.version },
    servers: document.servers,
    paths,
    components: { schemas: sorted, securitySchemes: { apiKey: document.components.securitySchemes.apiKey } },
  });
}

// Under `properties` the keys are field names, not keywords: a field called `description` stays.
function clean(node, keysAreNames = false) {
  if (Array.isArray(node)) return node.map((item) => clean(item));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && (PROSE.has(key) || key === 'nullable')) continue;
    out[key] = clean(value, !keysAreNames && key === 'properties');
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/revkeen-openapi.yaml';
  const text = `${JSON.stringify(trimContract(parse(readFileSync(source, 'utf8'))), null, 2)}\n`;
  const target = new URL('../contract/checkout-sessions.json', import.meta.url);
  if (process.argv.includes('--check')) {
    const same = readFileSync(target, 'utf8') === text;
    console.log(same ? 'contract/checkout-sessions.json is up to date' : 'contract/checkout-sessions.json is stale: run scripts/trim-contract.js');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname.split('/').slice(-2).join('/')}`);
}
