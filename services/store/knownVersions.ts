/**
 * A bounded memory of document versions (ETags) a collection wrote or has already validated, with
 * what it knows of each: a row still at such a version holds exactly the JSON that passed the
 * schema then, since every write gets a new random ETag, so reading it again need not run the
 * schema; and for a version it wrote itself, the field column values it bound. When full, the
 * versions remembered longest ago are forgotten first (their rows are simply read in full again).
 */
export class KnownVersions<Detail> {
  private readonly versions = new Map<string, Detail | undefined>();

  constructor(private readonly capacity: number) {}

  has(etag: string): boolean {
    return this.versions.has(etag);
  }

  /** What was remembered with the version, if anything. */
  detailOf(etag: string): Detail | undefined {
    return this.versions.get(etag);
  }

  remember(etag: string, detail?: Detail): void {
    if (!this.versions.has(etag) && this.versions.size >= this.capacity) {
      // A Map iterates in insertion order: the first is the oldest.
      const oldest = this.versions.keys().next();
      if (!oldest.done) this.versions.delete(oldest.value);
    }
    this.versions.set(etag, detail ?? this.versions.get(etag));
  }

  get size(): number {
    return this.versions.size;
  }
}
