/** The attribute keys of an entry, in order, shared by every entry with the same ones (most entries of a kind). */
interface Shape {
  keys: readonly string[];
  index: ReadonlyMap<string, number>;
}

const SHAPES = new Map<string, Shape>();

function shapeOf(keys: string[]): Shape {
  const id = keys.join('\0');
  let shape = SHAPES.get(id);
  if (!shape) SHAPES.set(id, (shape = { keys, index: new Map(keys.map((k, i) => [k, i])) }));
  return shape;
}

/**
 * An entry's attributes as a read-only map: the keys live in a shared shape, the entry holds only its values, so
 * 100k user entries do not each carry a hash table.
 */
export class CompactAttributes implements ReadonlyMap<string, string[]> {
  readonly #shape: Shape;
  readonly #values: string[][];

  constructor(keys: string[], values: string[][]) {
    this.#shape = shapeOf(keys);
    this.#values = values;
  }

  get size(): number {
    return this.#values.length;
  }

  get(key: string): string[] | undefined {
    const i = this.#shape.index.get(key);
    return i === undefined ? undefined : this.#values[i];
  }

  has(key: string): boolean {
    return this.#shape.index.has(key);
  }

  keys(): MapIterator<string> {
    return this.#shape.keys.values();
  }

  values(): MapIterator<string[]> {
    return this.#values.values();
  }

  *entries(): MapIterator<[string, string[]]> {
    for (let i = 0; i < this.#values.length; i++) yield [this.#shape.keys[i], this.#values[i]];
  }

  [Symbol.iterator](): MapIterator<[string, string[]]> {
    return this.entries();
  }

  forEach(fn: (value: string[], key: string, map: ReadonlyMap<string, string[]>) => void): void {
    for (let i = 0; i < this.#values.length; i++) fn(this.#values[i], this.#shape.keys[i], this);
  }
}
