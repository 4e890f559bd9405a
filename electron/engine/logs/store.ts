/**
 * The lines of one log session, bounded in memory. Lines are kept in
 * segments; while their text fits the memory limit they stay as strings, and
 * past it the oldest segments are written to a temporary file and read back
 * on demand, so a long log costs disk, not RAM. Per-line facts (stream, time,
 * service) live in typed arrays: a million lines cost about 11 MB of them.
 * The file is deleted when the store is closed.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STREAM_CODE = { stdout: 1, stderr: 2, marker: 3 } as const;
export type LineKind = keyof typeof STREAM_CODE;
const KIND_OF: Record<number, LineKind> = { 1: 'stdout', 2: 'stderr', 3: 'marker' };

export interface StoredLine {
  kind: LineKind;
  /** Epoch ms, NaN when unknown. */
  ts: number;
  text: string;
  /** Index into the store's service names; 0 is "none". */
  service: number;
}

export interface LineStoreOptions {
  /** Text kept in memory (UTF-16 code units × 2 ≈ bytes) before segments spill to disk. */
  memoryLimitBytes?: number;
  /** Lines per segment. */
  segmentLines?: number;
}

export const DEFAULT_MEMORY_LIMIT = 64 << 20;
const SEGMENT_LINES = 4096;
/** Spilled segments kept decoded after a read, for scrolling back and forth. */
const READ_CACHE = 4;

interface Segment {
  /** In memory: the lines. Spilled: undefined. */
  lines: string[] | undefined;
  /** Bytes of text held in memory (estimate, 2 per code unit). */
  memoryBytes: number;
  /** Spilled: position and byte length in the file, and each line's end offset within it. */
  fileOffset: number;
  fileBytes: number;
  ends: Uint32Array | undefined;
}

class Growable<T extends Uint8Array | Uint16Array | Float64Array> {
  array: T;
  constructor(private readonly make: (size: number) => T) {
    this.array = make(1024);
  }
  set(index: number, value: number): void {
    if (index >= this.array.length) {
      const next = this.make(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[index] = value;
  }
}

export class LineStore {
  private segments: Segment[] = [];
  private count = 0;
  private kinds = new Growable((n) => new Uint8Array(n));
  private times = new Growable((n) => new Float64Array(n));
  private services = new Growable((n) => new Uint16Array(n));
  private readonly serviceNames: string[] = [''];
  private memoryBytes = 0;
  /** The oldest segment still in memory (all before it are spilled). */
  private firstInMemory = 0;
  private file: { dir: string; fd: number; size: number } | undefined;
  private readCache = new Map<number, string[]>();
  private textBytes = 0;
  private closed = false;
  readonly memoryLimit: number;
  private readonly segmentLines: number;

  constructor(options: LineStoreOptions = {}) {
    this.memoryLimit = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
    this.segmentLines = options.segmentLines ?? SEGMENT_LINES;
  }

  get length(): number {
    return this.count;
  }

  /** Total text held (memory and disk), in bytes (estimate). */
  get totalTextBytes(): number {
    return this.textBytes;
  }

  get spilledBytes(): number {
    return this.file?.size ?? 0;
  }

  get inMemoryBytes(): number {
    return this.memoryBytes;
  }

  serviceId(name: string): number {
    let id = this.serviceNames.indexOf(name);
    if (id === -1) {
      id = this.serviceNames.length;
      this.serviceNames.push(name);
    }
    return id;
  }

  /** Gives this store the service ids `other` has (a preview shown in its place). */
  adoptServices(other: LineStore): void {
    for (const name of other.serviceNames) this.serviceId(name);
  }

  serviceName(id: number): string {
    return this.serviceNames[id] ?? '';
  }

  append(kind: LineKind, ts: number, text: string, service = 0): number {
    if (this.closed) throw new Error('the log store is closed');
    const index = this.count;
    const segmentIndex = Math.floor(index / this.segmentLines);
    let segment = this.segments[segmentIndex];
    if (!segment) {
      segment = { lines: [], memoryBytes: 0, fileOffset: 0, fileBytes: 0, ends: undefined };
      this.segments.push(segment);
    }
    segment.lines!.push(text);
    const bytes = text.length * 2 + 2;
    segment.memoryBytes += bytes;
    this.memoryBytes += bytes;
    this.textBytes += bytes;
    this.kinds.set(index, STREAM_CODE[kind]);
    this.times.set(index, ts);
    this.services.set(index, service);
    this.count++;
    if (this.memoryBytes > this.memoryLimit) this.spill();
    return index;
  }

  kindAt(index: number): LineKind {
    return KIND_OF[this.kinds.array[index] ?? 1] ?? 'stdout';
  }

  kindCodeAt(index: number): number {
    return this.kinds.array[index] ?? 0;
  }

  tsAt(index: number): number {
    return this.times.array[index] ?? NaN;
  }

  serviceAt(index: number): number {
    return this.services.array[index] ?? 0;
  }

  textAt(index: number): string {
    const lines = this.segmentLinesAt(Math.floor(index / this.segmentLines));
    return lines[index % this.segmentLines] ?? '';
  }

  get(index: number): StoredLine {
    return { kind: this.kindAt(index), ts: this.tsAt(index), text: this.textAt(index), service: this.serviceAt(index) };
  }

  /**
   * Calls `visit` for each line from `from` on, a segment at a time (one disk
   * read per spilled segment); stop by returning false.
   */
  scan(from: number, visit: (index: number, text: string) => boolean | void): void {
    for (let index = from; index < this.count; ) {
      const segmentIndex = Math.floor(index / this.segmentLines);
      const lines = this.segmentLinesAt(segmentIndex, false);
      const base = segmentIndex * this.segmentLines;
      for (let k = index - base; k < lines.length; k++) {
        if (visit(base + k, lines[k]!) === false) return;
      }
      index = base + lines.length;
      if (lines.length === 0) break;
    }
  }

  /** Forgets every line (the user's "Clear"); the file goes too. */
  clear(): void {
    this.dropFile();
    this.segments = [];
    this.count = 0;
    this.memoryBytes = 0;
    this.textBytes = 0;
    this.firstInMemory = 0;
    this.readCache.clear();
    this.kinds = new Growable((n) => new Uint8Array(n));
    this.times = new Growable((n) => new Float64Array(n));
    this.services = new Growable((n) => new Uint16Array(n));
  }

  close(): void {
    if (this.closed) return;
    this.clear();
    this.closed = true;
  }

  private segmentLinesAt(segmentIndex: number, cache = true): string[] {
    const segment = this.segments[segmentIndex];
    if (!segment) return [];
    if (segment.lines) return segment.lines;
    const cached = this.readCache.get(segmentIndex);
    if (cached) return cached;
    const lines = this.readSegment(segment);
    if (cache) {
      this.readCache.set(segmentIndex, lines);
      if (this.readCache.size > READ_CACHE) this.readCache.delete(this.readCache.keys().next().value!);
    }
    return lines;
  }

  private readSegment(segment: Segment): string[] {
    const file = this.file;
    if (!file || !segment.ends) return [];
    // Zeroed: a short read (the file cut under us) must not show old heap bytes as log text.
    const buffer = Buffer.alloc(segment.fileBytes);
    let read = 0;
    while (read < segment.fileBytes) {
      const n = readSync(file.fd, buffer, read, segment.fileBytes - read, segment.fileOffset + read);
      if (n === 0) break;
      read += n;
    }
    const lines: string[] = new Array<string>(segment.ends.length);
    let start = 0;
    for (let k = 0; k < segment.ends.length; k++) {
      const end = segment.ends[k]!;
      lines[k] = buffer.toString('utf8', start, end);
      start = end;
    }
    return lines;
  }

  /** Writes the oldest in-memory segments to the file until memory is under the limit. */
  private spill(): void {
    // Never spill the segment being written: it is still growing.
    while (this.memoryBytes > this.memoryLimit && this.firstInMemory < this.segments.length - 1) {
      const segment = this.segments[this.firstInMemory]!;
      const lines = segment.lines!;
      const file = this.openFile();
      const buffers = lines.map((line) => Buffer.from(line, 'utf8'));
      const ends = new Uint32Array(lines.length);
      let offset = 0;
      buffers.forEach((b, k) => {
        offset += b.length;
        ends[k] = offset;
      });
      const joined = Buffer.concat(buffers, offset);
      let written = 0;
      while (written < joined.length) written += writeSync(file.fd, joined, written, joined.length - written, file.size + written);
      segment.fileOffset = file.size;
      segment.fileBytes = joined.length;
      segment.ends = ends;
      file.size += joined.length;
      this.memoryBytes -= segment.memoryBytes;
      segment.memoryBytes = 0;
      segment.lines = undefined;
      this.firstInMemory++;
    }
  }

  private openFile(): { dir: string; fd: number; size: number } {
    if (this.file) return this.file;
    // A private folder (mode 0700) so other users cannot read the log.
    const dir = mkdtempSync(join(tmpdir(), 'berth-log-'));
    const fd = openSync(join(dir, 'lines'), 'w+', 0o600);
    this.file = { dir, fd, size: 0 };
    return this.file;
  }

  /** The temporary file's path while there is one (for tests). */
  get spillPath(): string | undefined {
    return this.file ? join(this.file.dir, 'lines') : undefined;
  }

  private dropFile(): void {
    const file = this.file;
    this.file = undefined;
    if (!file) return;
    try {
      closeSync(file.fd);
    } finally {
      rmSync(file.dir, { recursive: true, force: true });
    }
  }
}
