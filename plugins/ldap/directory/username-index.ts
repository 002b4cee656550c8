/** Users by username as written, and by username ignoring case when only one user has it (for binds). */
export class UsernameIndex {
  readonly #exact = new Map<string, number>();
  readonly #of = new Map<number, string>();
  /** Lower-cased username to one pk, or several when usernames differ only in case. */
  readonly #folded = new Map<string, number | number[]>();

  /** The pk for this username: as written, else the only one equal to it ignoring case. */
  find(username: string): number | undefined {
    const folded = this.#folded.get(username.toLowerCase());
    return this.#exact.get(username) ?? (typeof folded === 'number' ? folded : undefined);
  }

  set(pk: number, username: string): void {
    this.delete(pk);
    this.#exact.set(username, pk);
    this.#of.set(pk, username);
    const key = username.toLowerCase();
    const others = this.#folded.get(key);
    this.#folded.set(key, others === undefined ? pk : [...(typeof others === 'number' ? [others] : others), pk]);
  }

  delete(pk: number): void {
    const old = this.#of.get(pk);
    if (old === undefined) return;
    this.#exact.delete(old);
    this.#of.delete(pk);
    const key = old.toLowerCase();
    const folded = this.#folded.get(key);
    const left = typeof folded === 'number' ? [] : (folded ?? []).filter((p) => p !== pk);
    if (left.length === 0) this.#folded.delete(key);
    else this.#folded.set(key, left.length === 1 ? left[0] : left);
  }
}
