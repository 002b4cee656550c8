import { modelName } from '../kernel/model-definition.ts';
import { MODELS } from '../models.ts';

/** The apps and `app.model` names an event matcher may name: those of every model the platform writes. */
export const KNOWN = {
  apps: new Set(MODELS.map((m) => m.app)),
  models: new Set(MODELS.map(modelName)),
};
