/**
 * Reads V8's map log (`node --log-maps --no-log-maps-details --logfile=…`): which kinds of hidden
 * class ("map") event each function made, and how many times. Used by the test that a request makes
 * no hidden class of its own (hidden-classes.test.ts).
 */

/** One kind of map event made by one function, and how many times. */
export interface MapEventKind {
  /** `<event>,<reason>,<property>`, e.g. `Transition,prototype,latencyMs`. */
  kind: string;
  /** The function that made it (`name script:line:column`), or `(builtin)` when no JavaScript did. */
  madeBy: string;
  count: number;
}

/**
 * The kinds of map event in a V8 log (`--log-maps --no-log-maps-details`) that one function made at
 * least `atLeast` times. A line `map,<event>,<time>,<from>,<to>,<code address>,…` is matched to the
 * code object (`code-creation`, moved by `code-move`) that held that address at the time.
 */
export function frequentMapEvents(log: string, atLeast: number): MapEventKind[] {
  // Code objects sorted by start address, as they are at each line.
  const starts: bigint[] = [];
  const objects: Array<{ end: bigint; name: string }> = [];
  const indexOf = (address: bigint) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1; // the last start at or below `address`
  };
  const add = (start: bigint, end: bigint, name: string) => {
    const at = indexOf(start) + 1;
    if (starts[at - 1] === start) objects[at - 1] = { end, name };
    else {
      starts.splice(at, 0, start);
      objects.splice(at, 0, { end, name });
    }
  };
  const counts = new Map<string, MapEventKind>();
  for (const line of log.split('\n')) {
    const f = line.split(',');
    if (f[0] === 'code-creation') {
      // code-creation,<type>,<kind>,<time>,<address>,<size>,<name>[,<shared info>,<tier>]
      const start = BigInt(f[4]!);
      add(start, start + BigInt(f[5]!), f[6] ?? '');
    } else if (f[0] === 'code-move') {
      const i = indexOf(BigInt(f[1]!));
      if (i >= 0 && starts[i] === BigInt(f[1]!)) {
        const { end, name } = objects[i]!;
        starts.splice(i, 1);
        objects.splice(i, 1);
        add(BigInt(f[2]!), BigInt(f[2]!) + (end - BigInt(f[1]!)), name);
      }
    } else if (f[0] === 'map') {
      const address = BigInt(f[5]!);
      const i = address === 0n ? -1 : indexOf(address);
      const madeBy = i >= 0 && address < objects[i]!.end ? objects[i]!.name : '(builtin)';
      const kind = `${f[1]},${f[8] ?? ''},${f.slice(9).join(',')}`;
      const key = `${kind}\0${madeBy}`;
      const entry = counts.get(key) ?? { kind, madeBy, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].filter((e) => e.count >= atLeast).sort((a, b) => b.count - a.count);
}
