import { refRequiring } from './validator.ts';

/** Params schema for actions addressed by one object's key (pk, slug, identifier). */
export const byKey = (key: string, schema: object) => ({ type: 'object', properties: { [key]: schema }, required: [key], additionalProperties: false });

/** Params schema for `{ <key>, data }` actions (replace and update); `required` lists the data fields a replace needs. */
export const keyWithData = (key: string, schema: object, request: string, required: string[] = []) => ({
  type: 'object',
  properties: { [key]: schema, data: refRequiring(request, required) },
  required: [key, 'data'],
  additionalProperties: false,
});

export const INTEGER_PK = { type: 'integer' };
export const UUID_PK = { type: 'string', format: 'uuid' };
