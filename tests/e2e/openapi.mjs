// Validates docs/openapi.json with a real OpenAPI 3.1 validator
// (@apidevtools/swagger-parser: schema and $refs) and checks that the
// document and the server's route table (`mz serve --routes`) name the same
// operations, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

const repo = process.env.MZ_REPO;
const file = `${repo}/docs/openapi.json`;

test('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const api = await SwaggerParser.validate(file);
  assert.equal(api.openapi, '3.1.0');
});

test('every route of the server is documented, and nothing else', () => {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const documented = new Set();
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
  const table = execFileSync(process.env.MZ, ['serve', '--routes'], { encoding: 'utf8' }).trim().split('\n')
    .map((l) => l.split(' '));
  const served = new Set(table.map(([method, path]) => `${method} ${path}`));
  // a route open to anyone is documented as needing no credentials, and only such a route
  for (const [method, path, who] of table) {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (op) assert.equal(Array.isArray(op.security) && op.security.length === 0, who === 'open',
      `${method} ${path} (${who}): security ${JSON.stringify(op.security)}`);
  }
  assert.ok(served.size >= 10, `too few routes: ${[...served]}`);
  assert.deepEqual([...served].filter((r) => !documented.has(r)), [], 'undocumented routes');
  assert.deepEqual([...documented].filter((r) => !served.has(r)), [], 'documented but not served');
});

test('every documented operation answers with a documented status', () => {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      assert.ok(op.operationId, `${method} ${path} lacks an operationId`);
      assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method} ${path}: no 2xx`);
      if (op.security === undefined)
        assert.ok(op.responses['401'], `${method} ${path} needs a session but documents no 401`);
    }
});
