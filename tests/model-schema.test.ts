// schema/model.schema.json is generated from the zod schema the importer uses; this keeps the committed
// file in step (regenerate with `npm run schema`) and checks the parts readers rely on most.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelJsonSchema, modelJsonSchemaText } from '../src/model/model-schema.ts';

describe('model JSON Schema', () => {
  it('the committed schema/model.schema.json matches the zod schema', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'schema', 'model.schema.json'), 'utf8');
    expect(committed, 'schema/model.schema.json is stale: run `npm run schema`').toBe(modelJsonSchemaText());
  });

  it('pins the format and version and lists every layer kind', () => {
    const s = modelJsonSchema() as {
      properties: Record<
        string,
        { const?: unknown; items?: { oneOf?: { properties: { kind: { const: string } } }[] } }
      >;
      required: string[];
      additionalProperties: boolean;
    };
    expect(s.properties.format.const).toBe('webgpu-lstm.model');
    expect(s.properties.version.const).toBe(1);
    expect(s.required).toEqual(
      expect.arrayContaining(['format', 'version', 'config', 'preprocessing', 'layers']),
    );
    expect(s.additionalProperties).toBe(false);
    const kinds = s.properties.layers.items?.oneOf?.map((l) => l.properties.kind.const);
    expect(kinds).toEqual(['lstm', 'batchNorm', 'layerNorm', 'dense']);
  });
});
