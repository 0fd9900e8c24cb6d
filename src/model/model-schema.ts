// The model file's JSON Schema, derived from the zod schema the importer uses, so the two cannot drift.
import { z } from 'zod';
import { MODEL_FORMAT, MODEL_VERSION, ModelFileSchema } from './model-file.ts';

export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ModelFileSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return {
    title: `${MODEL_FORMAT} version ${MODEL_VERSION}`,
    description:
      'A webgpu-lstm model file (docs/model-format.md). Beyond this schema, readers check that every ' +
      "tensor has as many values as its shape, that each layer takes the previous layer's output size, " +
      'that normalization layers sit between LSTM layers, and that the head matches targets × horizon ' +
      '(or classes × horizon).',
    ...schema,
  };
}

export function modelJsonSchemaText(): string {
  return `${JSON.stringify(modelJsonSchema(), null, 2)}\n`;
}
