/**
 * Answers of a pure function kept for the few keys a process asks about again and again (the KRA
 * URLs it calls). Bounded: past `max` keys it starts again, so an unexpected variety of keys costs
 * recomputing, never memory. A computation that throws is not kept.
 */
export class BoundedMemo<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly max = 1_000) {}

  get(key: string, compute: () => V): V {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (this.answers.size >= this.max) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
