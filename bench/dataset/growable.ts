/** Touch skeletons in typed arrays: ten million small objects would cost gigabytes and long GC pauses. */
export class GrowableColumns {
  prospect: Int32Array;
  at: Float64Array;
  user: Int32Array;
  flags: Uint16Array;
  next: Int32Array;
  /** The follow-up the touch set (a day number), or -1. */
  due: Int32Array;
  /** The day of the prospect's next touch, or -1 for its latest. */
  nextOn: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.prospect = new Int32Array(capacity);
    this.at = new Float64Array(capacity);
    this.user = new Int32Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.next = new Int32Array(capacity);
    this.due = new Int32Array(capacity);
    this.nextOn = new Int32Array(capacity);
  }

  push(prospect: number, at: number, user: number, flags: number, next: number, due: number, nextOn: number): void {
    if (this.length === this.at.length) this.grow();
    const i = this.length++;
    this.prospect[i] = prospect;
    this.at[i] = at;
    this.user[i] = user;
    this.flags[i] = flags;
    this.next[i] = next;
    this.due[i] = due;
    this.nextOn[i] = nextOn;
  }

  /** Indexes ordered by `bucketOf(at)` (0 ≤ bucket < buckets), stable within a bucket. */
  orderByDay(bucketOf: (at: number) => number, buckets: number): Uint32Array {
    const starts = new Uint32Array(buckets + 1);
    const bucket = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const b = Math.min(buckets - 1, Math.max(0, bucketOf(this.at[i]!)));
      bucket[i] = b;
      starts[b + 1]!++;
    }
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[starts[bucket[i]!]!++] = i;
    return order;
  }

  private grow(): void {
    const size = Math.ceil(this.at.length * 1.5) + 1024;
    const grow = <T extends Int32Array | Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.prospect = grow(this.prospect, (n) => new Int32Array(n));
    this.at = grow(this.at, (n) => new Float64Array(n));
    this.user = grow(this.user, (n) => new Int32Array(n));
    this.flags = grow(this.flags, (n) => new Uint16Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n));
    this.due = grow(this.due, (n) => new Int32Array(n));
    this.nextOn = grow(this.nextOn, (n) => new Int32Array(n));
  }
}
