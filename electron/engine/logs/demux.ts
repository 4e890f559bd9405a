/**
 * The engine's log stream, back to lines. Without a TTY the daemon wraps
 * every log message in a frame (8-byte header: stream type, three zero bytes,
 * a big-endian uint32 length), and frames arrive split across chunks at any
 * byte, the header included. With a TTY the bytes come raw, all on stdout.
 *
 * With `timestamps=true` every message starts with the daemon's timestamp
 * (RFC 3339, nine fixed fraction digits, then a space). The log driver cuts
 * lines longer than 16 KB into several messages ("partial" messages without a
 * newline), each with its own timestamp; they are joined back into one line
 * here, as bytes, so a character cut in two is decoded whole.
 */

export type LogStreamKind = 'stdout' | 'stderr';

export interface ParsedLine {
  stream: LogStreamKind;
  /** Epoch milliseconds (whole) from the daemon's timestamp; NaN when the line had none. */
  ts: number;
  /** The nanoseconds past `ts` (0–999,999): with `ts`, the daemon's exact time, for resuming. */
  nanos: number;
  text: string;
}

/** The decimal number in `count` ASCII digits at `from`, NaN if any is not a digit. */
function readDigits(buf: Buffer, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = buf[i]! - 0x30;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

/** The day of the last timestamp read (YYYYMMDD) and its epoch ms. */
const lastDay = { key: -1, ms: 0 };

/**
 * Reads the daemon's timestamp at `start` of `buf` without making strings
 * (a million lines make a million of them otherwise): returns where the text
 * starts, or -1 when there is no timestamp. Sets `out.ts` and `out.nanos`.
 */
export function readTimestamp(buf: Buffer, start: number, end: number, out: { ts: number; nanos: number }): number {
  // YYYY-MM-DDTHH:MM:SS at least, then fraction, zone and a space.
  if (end - start < 21 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d || buf[start + 10] !== 0x54 || buf[start + 13] !== 0x3a || buf[start + 16] !== 0x3a) return -1;
  // A log's lines almost all share their day with the line before: Date.UTC once a day, not once a line.
  const dayKey = readDigits(buf, start, 4) * 10_000 + readDigits(buf, start + 5, 2) * 100 + readDigits(buf, start + 8, 2);
  if (Number.isNaN(dayKey)) return -1;
  if (dayKey !== lastDay.key) {
    lastDay.ms = Date.UTC(Math.floor(dayKey / 10_000), (Math.floor(dayKey / 100) % 100) - 1, dayKey % 100);
    lastDay.key = dayKey;
  }
  const base = lastDay.ms + readDigits(buf, start + 11, 2) * 3_600_000 + readDigits(buf, start + 14, 2) * 60_000 + readDigits(buf, start + 17, 2) * 1000;
  if (Number.isNaN(base)) return -1;
  let i = start + 19;
  let fraction = 0;
  let places = 0;
  if (buf[i] === 0x2e) {
    i++;
    while (i < end && places < 9 && buf[i]! >= 0x30 && buf[i]! <= 0x39) {
      fraction = fraction * 10 + (buf[i]! - 0x30);
      places++;
      i++;
    }
    if (places === 0) return -1;
  }
  const ns = fraction * 10 ** (9 - places);
  let offsetMs = 0;
  if (buf[i] === 0x5a) i++;
  else if ((buf[i] === 0x2b || buf[i] === 0x2d) && buf[i + 3] === 0x3a) {
    const sign = buf[i] === 0x2b ? 1 : -1;
    const hours = readDigits(buf, i + 1, 2);
    const minutes = readDigits(buf, i + 4, 2);
    if (Number.isNaN(hours) || Number.isNaN(minutes)) return -1;
    offsetMs = sign * (hours * 60 + minutes) * 60_000;
    i += 6;
  } else return -1;
  if (buf[i] !== 0x20) return -1;
  out.ts = base - offsetMs + Math.floor(ns / 1e6);
  out.nanos = ns % 1e6;
  return i + 1;
}

/** The size at which the daemon's log copier cuts a line into partial messages. */
export const PARTIAL_SIZE = 16 * 1024;
const HEADER = 8;
/** The longest timestamp prefix the daemon writes ("2006-01-02T15:04:05.000000000+07:00 "). */
const MAX_TS_PREFIX = 36;

/** Splits `2024-05-01T10:00:00.123456789Z rest` into its time and the rest, when it starts with one. */
export function splitTimestamp(text: string): { ts: number; nanos: number; rest: string } | undefined {
  const buf = Buffer.from(text.slice(0, MAX_TS_PREFIX), 'latin1');
  const out = { ts: NaN, nanos: 0 };
  const at = readTimestamp(buf, 0, buf.length, out);
  if (at === -1) return undefined;
  return { ts: out.ts, nanos: out.nanos, rest: text.slice(at) };
}

/**
 * Frames to messages: push chunks as they arrive; each complete frame comes
 * out once with its stream. Payloads are copied out, never views of a chunk
 * the socket may reuse.
 */
export class FrameDemuxer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** `payload` is a view valid only during the call: keep a copy if it must outlive it. */
  constructor(private readonly onFrame: (stream: LogStreamKind | 'stdin', payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < HEADER) return;
    let buffer = this.pending.length === 1 ? chunk : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    while (buffer.length - offset >= HEADER) {
      const type = buffer[offset];
      const size = buffer.readUInt32BE(offset + 4);
      if (buffer.length - offset - HEADER < size) break;
      const payload = buffer.subarray(offset + HEADER, offset + HEADER + size);
      offset += HEADER + size;
      // 0 is stdin (never in logs), 1 stdout, 2 stderr; anything else is a corrupt header: say stdout, keep going.
      this.onFrame(type === 2 ? 'stderr' : type === 0 ? 'stdin' : 'stdout', payload);
    }
    // The rest is kept past this call: copy it, the socket may reuse its chunk.
    buffer = Buffer.from(buffer.subarray(offset));
    this.pending = buffer.length ? [buffer] : [];
    this.pendingBytes = buffer.length;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.pendingBytes;
  }
}

/**
 * Messages to lines, for one stream. A message is `<timestamp> <text>`; text
 * without a final newline is a partial line that the next message of the
 * same stream continues.
 */
class LineAssembler {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private ts = NaN;
  private nanos = 0;
  /** A line is being built (it may still be empty). */
  private started = false;
  private readonly stamp = { ts: NaN, nanos: 0 };

  constructor(
    private readonly stream: LogStreamKind,
    private readonly emit: (line: ParsedLine) => void,
  ) {}

  /** One whole message (a frame's payload, or a TTY message); a view, valid during the call. */
  message(payload: Buffer): void {
    const end = payload.length;
    const stamp = this.stamp;
    stamp.ts = NaN;
    stamp.nanos = 0;
    let start = readTimestamp(payload, 0, end, stamp);
    if (start === -1) start = 0;
    // A continuation keeps the time of the line's first part, as the daemon received it.
    if (!this.started) this.begin(stamp.ts, stamp.nanos);
    for (;;) {
      const newline = payload.indexOf(0x0a, start);
      if (newline === -1) {
        // A partial line outlives this call: keep a copy.
        if (start < end) this.append(Buffer.from(payload.subarray(start, end)));
        return;
      }
      if (this.partBytes === 0) this.emitText(payload, start, newline);
      else {
        this.append(payload.subarray(start, newline));
        this.flush();
      }
      start = newline + 1;
      // More lines in one message share its time.
      if (start < end) this.begin(stamp.ts, stamp.nanos);
    }
  }

  private begin(ts: number, nanos: number): void {
    this.started = true;
    this.ts = ts;
    this.nanos = nanos;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  /** The common case: a whole line in one message, decoded straight from it. */
  private emitText(buf: Buffer, start: number, end: number): void {
    // A TTY ends lines with \r\n.
    if (end > start && buf[end - 1] === 0x0d) end--;
    this.emit({ stream: this.stream, ts: this.ts, nanos: this.nanos, text: buf.toString('utf8', start, end) });
    this.reset();
  }

  /** Ends the line being built (at a newline, or at the end of the stream). */
  flush(): void {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    this.emitText(bytes, 0, bytes.length);
  }

  private reset(): void {
    this.parts = [];
    this.partBytes = 0;
    this.ts = NaN;
    this.nanos = 0;
    this.started = false;
  }

  get hasPartial(): boolean {
    return this.started;
  }
}

/**
 * A TTY stream has no frames, so message boundaries are found in the bytes: a
 * message ends at a newline, or after PARTIAL_SIZE bytes of text, where the
 * next message (with its own timestamp) continues the line.
 */
class TtyMessages {
  private current: Buffer[] = [];
  /** Bytes of text (after the timestamp) in the current message. */
  private textBytes = 0;
  /** Bytes of the current message's head, while its timestamp may still be incomplete. */
  private head = Buffer.alloc(0);
  private inText = false;

  constructor(
    private readonly timestamps: boolean,
    private readonly onMessage: (payload: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.inText) {
        if (!this.timestamps) {
          this.inText = true;
          continue;
        }
        // Gather enough bytes to recognise the timestamp, then decide where the text starts.
        const need = MAX_TS_PREFIX - this.head.length;
        const take = chunk.subarray(offset, offset + need);
        const space = take.indexOf(0x20);
        const newline = take.indexOf(0x0a);
        if (space === -1 && newline === -1 && this.head.length + take.length < MAX_TS_PREFIX) {
          this.head = Buffer.concat([this.head, take]);
          offset += take.length;
          continue;
        }
        const headEnd = space !== -1 && (newline === -1 || space < newline) ? space + 1 : 0;
        const head = Buffer.concat([this.head, take.subarray(0, headEnd)]);
        this.head = Buffer.alloc(0);
        offset += headEnd;
        this.current.push(head);
        this.inText = true;
        // Not a timestamp after all: its bytes count as text.
        if (readTimestamp(head, 0, head.length, { ts: NaN, nanos: 0 }) === -1) this.textBytes += head.length;
        continue;
      }
      const room = PARTIAL_SIZE - this.textBytes;
      const slice = chunk.subarray(offset, offset + room);
      const newline = slice.indexOf(0x0a);
      if (newline !== -1) {
        this.current.push(chunk.subarray(offset, offset + newline + 1));
        offset += newline + 1;
        this.end();
        continue;
      }
      this.current.push(slice);
      this.textBytes += slice.length;
      offset += slice.length;
      if (this.textBytes >= PARTIAL_SIZE) this.end();
    }
  }

  private end(): void {
    const payload = this.current.length === 1 ? this.current[0]! : Buffer.concat(this.current);
    this.current = [];
    this.textBytes = 0;
    this.inText = false;
    this.onMessage(payload);
  }

  /** The stream ended: whatever is held is the last message. */
  finish(): void {
    if (this.head.length) this.current.push(this.head);
    this.head = Buffer.alloc(0);
    if (this.current.length) this.end();
  }
}

/** Chunks of a container's log response in, whole lines out. */
export class LogDecoder {
  private readonly frames: FrameDemuxer | undefined;
  private readonly tty: TtyMessages | undefined;
  private readonly stdout: LineAssembler;
  private readonly stderr: LineAssembler;

  constructor(options: { tty: boolean; timestamps?: boolean }, onLine: (line: ParsedLine) => void) {
    this.stdout = new LineAssembler('stdout', onLine);
    this.stderr = new LineAssembler('stderr', onLine);
    if (options.tty) {
      this.tty = new TtyMessages(options.timestamps ?? true, (payload) => this.stdout.message(payload));
    } else {
      this.frames = new FrameDemuxer((stream, payload) => {
        if (stream !== 'stdin') (stream === 'stderr' ? this.stderr : this.stdout).message(payload);
      });
    }
  }

  push(chunk: Buffer): void {
    if (this.tty) this.tty.push(chunk);
    else this.frames?.push(chunk);
  }

  /** The response ended: a last line without a newline still counts. */
  end(): void {
    this.tty?.finish();
    if (this.stdout.hasPartial) this.stdout.flush();
    if (this.stderr.hasPartial) this.stderr.flush();
  }
}
