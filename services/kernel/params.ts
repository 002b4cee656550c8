import { refRequiring } from './validator.ts';

/** Params schema for actions addressed by one object's pk. */
export const byPk = (pk: object) => ({ type: 'object', properties: { pk }, required: ['pk'], additionalProperties: false });

/** Params schema for `{ pk, data }` actions (replace and update); `required` lists the data fields a replace needs. */
export const pkWithData = (pk: object, schema: string, required: string[] = []) => ({
  type: 'object',
  properties: { pk, data: refRequiring(schema, required) },
  required: ['pk', 'data'],
  additionalProperties: false,
});

export const INTEGER_PK = { type: 'integer' };
export const UUID_PK = { type: 'string', format: 'uuid' };
