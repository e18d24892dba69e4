/**
 * The breaking-change report on real documents: GitHub's REST description for GHES 3.17 and for api.github.com,
 * both shipped in @octokit/openapi, and mutations of the real document whose effect the test knows.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { breakingChanges, readOpenApi, renderOpenApiReport } from '../src/checks/index.js';

const generated = path.join(path.dirname(createRequire(import.meta.url).resolve('@octokit/openapi/package.json')), 'generated');
const load = (name: string) => readOpenApi(readFileSync(path.join(generated, name), 'utf8'), name);
const ghes = load('ghes-3.17.json');
const dotcom = load('api.github.com.json');
const clone = <T>(v: T): T => structuredClone(v);
type Json = Record<string, any>;

describe('OpenAPI breaking changes', () => {
  test('a document against itself has none', () => {
    expect(breakingChanges(dotcom, clone(dotcom))).toEqual([]);
  });

  test('GHES 3.17 → api.github.com: every path only GHES has is reported removed, and nothing that both have is', () => {
    const changes = breakingChanges(ghes, dotcom);
    const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
    const dotcomShapes = new Set(Object.keys(dotcom.paths as Json).map(shape));
    const onlyGhes = Object.keys(ghes.paths as Json).filter((p) => !dotcomShapes.has(shape(p)));
    expect(onlyGhes.length).toBeGreaterThan(0);
    const removed = changes.filter((c) => c.code === 'path-removed').map((c) => c.where);
    expect(removed.sort()).toEqual(onlyGhes.sort());
    // The other direction reports what only api.github.com has.
    const ghesShapes = new Set(Object.keys(ghes.paths as Json).map(shape));
    const onlyDotcom = Object.keys(dotcom.paths as Json).filter((p) => !ghesShapes.has(shape(p)));
    expect(
      breakingChanges(dotcom, ghes)
        .filter((c) => c.code === 'path-removed')
        .map((c) => c.where)
        .sort(),
    ).toEqual(onlyDotcom.sort());
    const report = renderOpenApiReport(changes, { base: 'ghes-3.17.json', head: 'api.github.com.json' });
    expect(report).toContain(`## OpenAPI diff: ${changes.length} breaking change(s)`);
    expect(report.length).toBeLessThan(65_000);
  });

  test('finds each kind of change made to the real document', () => {
    const head = clone(dotcom) as Json;
    const issue = head.paths['/repos/{owner}/{repo}/issues/{issue_number}'];
    delete issue.delete; // may not exist: then nothing is reported for it
    delete head.paths['/repos/{owner}/{repo}/issues/{issue_number}/lock'].put;
    const list = head.paths['/repos/{owner}/{repo}/issues'].get;
    list.parameters = [...list.parameters, { name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }];
    // The issue schema loses `title` (a $ref'd component: every operation answering an issue reports it).
    delete head.components.schemas.issue.properties.title;
    const create = head.paths['/repos/{owner}/{repo}/issues'].post;
    const body = create.requestBody.content['application/json'].schema;
    body.required = [...body.required, 'body'];
    const changes = breakingChanges(dotcom, head);
    expect(changes).toContainEqual({
      code: 'operation-removed',
      where: 'PUT /repos/{owner}/{repo}/issues/{issue_number}/lock',
      detail: 'the operation is gone',
    });
    expect(changes).toContainEqual({
      code: 'required-parameter-added',
      where: 'GET /repos/{owner}/{repo}/issues',
      detail: "new required query parameter 'tenant'",
    });
    expect(changes).toContainEqual({
      code: 'response-property-removed',
      where: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
      detail: "response 200 property 'title' is gone",
    });
    expect(changes).toContainEqual({
      code: 'response-property-removed',
      where: 'GET /repos/{owner}/{repo}/issues',
      detail: "response 200 property 'title' is gone",
    });
    expect(changes).toContainEqual({
      code: 'request-property-became-required',
      where: 'POST /repos/{owner}/{repo}/issues',
      detail: "request property 'body' is now required",
    });
  });

  test('refuses what is not an OpenAPI 3 document, naming the file', () => {
    expect(() => readOpenApi('swagger: "2.0"\npaths: {}\n', 'api/openapi.yaml')).toThrow(
      new ConfigurationError("is not an OpenAPI 3 document (no 'openapi: 3.x' at the top)", 'api/openapi.yaml'),
    );
    expect(() => readOpenApi('{', 'openapi.json')).toThrow(ConfigurationError);
    expect(readOpenApi('openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\n', 'o.yaml').openapi).toBe('3.1.0');
  });
});
