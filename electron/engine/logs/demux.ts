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
  /** Epoch milliseconds from the daemon's timestamp; NaN when the line had none. */
  ts: number;
  /** The daemon's own timestamp text (for `since` when resuming), or '' when none. */
  rawTs: string;
  text: string;
}

/** The size at which the daemon's log copier cuts a line into partial messages. */
export const PARTIAL_SIZE = 16 * 1024;
const HEADER = 8;
const TS_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;
/** The longest timestamp prefix the daemon writes ("2006-01-02T15:04:05.000000000+07:00 "). */
const MAX_TS_PREFIX = 36;

/** Splits `2024-05-01T10:00:00.123456789Z rest` into its time and the rest, when it starts with one. */
export function splitTimestamp(text: string): { rawTs: string; ts: number; rest: string } | undefined {
  const match = TS_RE.exec(text);
  if (!match?.[1]) return undefined;
  const rawTs = match[1];
  return { rawTs, ts: Date.parse(rawTs), rest: text.slice(match[0].length) };
}

/**
 * Frames to messages: push chunks as they arrive; each complete frame comes
 * out once with its stream. Payloads are copied out, never views of a chunk
 * the socket may reuse.
 */
export class FrameDemuxer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

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
      const payload = Buffer.from(buffer.subarray(offset + HEADER, offset + HEADER + size));
      offset += HEADER + size;
      // 0 is stdin (never in logs), 1 stdout, 2 stderr; anything else is a corrupt header: say stdout, keep going.
      this.onFrame(type === 2 ? 'stderr' : type === 0 ? 'stdin' : 'stdout', payload);
    }
    buffer = buffer.subarray(offset);
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
  private rawTs = '';
  /** A line is being built (it may still be empty). */
  private started = false;

  constructor(
    private readonly stream: LogStreamKind,
    private readonly emit: (line: ParsedLine) => void,
  ) {}

  /** One whole message (a frame's payload, or a TTY message). */
  message(payload: Buffer): void {
    let start = 0;
    // The timestamp is ASCII at the very start; read it without decoding the whole payload.
    const head = payload.subarray(0, MAX_TS_PREFIX).toString('latin1');
    const stamp = TS_RE.exec(head);
    let rawTs = '';
    if (stamp?.[1]) {
      start = stamp[0].length;
      rawTs = stamp[1];
    }
    // A continuation keeps the time of the line's first part, as the daemon received it.
    if (!this.started) this.begin(rawTs);
    for (;;) {
      const newline = payload.indexOf(0x0a, start);
      if (newline === -1) {
        if (start < payload.length) this.append(payload.subarray(start));
        return;
      }
      this.append(payload.subarray(start, newline));
      this.flush();
      start = newline + 1;
      // More lines in one message share its time.
      if (start < payload.length) this.begin(rawTs);
    }
  }

  private begin(rawTs: string): void {
    this.started = true;
    this.rawTs = rawTs;
    this.ts = rawTs ? Date.parse(rawTs) : NaN;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  /** Ends the line being built (at a newline, or at the end of the stream). */
  flush(): void {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    // A TTY ends lines with \r\n.
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    this.emit({ stream: this.stream, ts: this.ts, rawTs: this.rawTs, text: bytes.toString('utf8') });
    this.parts = [];
    this.partBytes = 0;
    this.ts = NaN;
    this.rawTs = '';
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
        if (!TS_RE.test(head.toString('latin1'))) this.textBytes += head.length;
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
    const payload = Buffer.concat(this.current);
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
