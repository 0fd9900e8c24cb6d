// Writes schema/model.schema.json, the JSON Schema of the model file, from the zod schema the importer
// validates with (src/model/model-file.ts). `npm run schema`; tests/model-schema.test.ts fails when the
// committed file is out of step. Cross-field rules (shapes matching data, the layer chain) live in the
// importer only; the schema says so in its description.
import { writeFileSync } from 'node:fs';
import { modelJsonSchemaText } from '../src/model/model-schema.ts';

const out = new URL('../schema/model.schema.json', import.meta.url);
writeFileSync(out, modelJsonSchemaText());
console.log(`wrote ${out.pathname}`);
