/** The log stream decoder: frames split anywhere, TTY streams, 16 KB continuations, timestamps. */
import { describe, expect, it } from 'vitest';
import { FrameDemuxer, LogDecoder, PARTIAL_SIZE, splitTimestamp, type ParsedLine } from '../../electron/engine/logs/demux';

const TS = ['2024-05-01T10:00:00.000000001Z', '2024-05-01T10:00:00.000000002Z', '2024-05-01T10:00:00.000000003Z', '2024-05-01T10:00:00.000000004Z'];

function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function decode(chunks: Buffer[], tty = false): ParsedLine[] {
  const lines: ParsedLine[] = [];
  const decoder = new LogDecoder({ tty, timestamps: true }, (line) => lines.push(line));
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return lines;
}

/** Every way of cutting `bytes` into chunks of `size`. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('FrameDemuxer', () => {
  it('splits frames that arrive together and apart, the header included', () => {
    const all = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n')]);
    for (const size of [1, 3, 7, 8, 9, 13, all.length]) {
      const got: string[] = [];
      const demux = new FrameDemuxer((stream, payload) => got.push(`${stream}:${payload.toString()}`));
      for (const chunk of chunked(all, size)) demux.push(chunk);
      expect(got, `chunks of ${size}`).toEqual(['stdout:out one\n', 'stderr:err one\n', 'stdout:out two\n']);
      expect(demux.buffered).toBe(0);
    }
  });

  it('holds a frame until its last byte arrives', () => {
    const got: string[] = [];
    const demux = new FrameDemuxer((_s, payload) => got.push(payload.toString()));
    const f = frame(1, 'hello\n');
    demux.push(f.subarray(0, 5)); // half a header
    demux.push(f.subarray(5, 10)); // header done, part of the payload
    expect(got).toEqual([]);
    demux.push(f.subarray(10));
    expect(got).toEqual(['hello\n']);
  });
});

describe('LogDecoder without a TTY', () => {
  it('keeps stdout and stderr apart and reads the timestamps', () => {
    const lines = decode([frame(1, `${TS[0]} to out\n`), frame(2, `${TS[1]} to err\n`)]);
    expect(lines).toEqual([
      { stream: 'stdout', ts: Date.parse(TS[0]!), nanos: 1, text: 'to out' },
      { stream: 'stderr', ts: Date.parse(TS[1]!), nanos: 2, text: 'to err' },
    ]);
  });

  it('joins a line the daemon cut at 16 KB into partial messages, each with its own timestamp', () => {
    const long = 'x'.repeat(PARTIAL_SIZE) + 'y'.repeat(PARTIAL_SIZE) + 'tail';
    const parts = [long.slice(0, PARTIAL_SIZE), long.slice(PARTIAL_SIZE, 2 * PARTIAL_SIZE), `${long.slice(2 * PARTIAL_SIZE)}\n`];
    const bytes = Buffer.concat([
      frame(1, `${TS[0]} ${parts[0]}`),
      frame(2, `${TS[1]} interleaved\n`),
      frame(1, `${TS[2]} ${parts[1]}`),
      frame(1, `${TS[3]} ${parts[2]}`),
    ]);
    for (const size of [1000, 4096, 16_391, bytes.length]) {
      const lines = decode(chunked(bytes, size));
      expect(lines.map((l) => [l.stream, l.text.length])).toEqual([
        ['stderr', 'interleaved'.length],
        ['stdout', long.length],
      ]);
      expect(lines[1]!.text).toBe(long);
      // The line's time is its first part's.
      expect(lines[1]!.nanos).toBe(1);
    }
  });

  it('decodes a character that a 16 KB cut split in two', () => {
    const text = `${'a'.repeat(PARTIAL_SIZE - 1)}é and more`;
    const bytes = Buffer.from(text, 'utf8');
    const first = bytes.subarray(0, PARTIAL_SIZE);
    const rest = Buffer.concat([bytes.subarray(PARTIAL_SIZE), Buffer.from('\n')]);
    const lines = decode([
      frame(1, Buffer.concat([Buffer.from(`${TS[0]} `), first])),
      frame(1, Buffer.concat([Buffer.from(`${TS[1]} `), rest])),
    ]);
    expect(lines.map((l) => l.text)).toEqual([text]);
  });

  it('keeps empty lines and a last line without a newline', () => {
    const lines = decode([frame(1, `${TS[0]} \n`), frame(1, `${TS[1]} last`)]);
    expect(lines.map((l) => l.text)).toEqual(['', 'last']);
  });

  it('strips only the daemon’s timestamp, not one the program printed', () => {
    const lines = decode([frame(1, `${TS[0]} ${TS[1]} app line\n`)]);
    expect(lines[0]!.text).toBe(`${TS[1]} app line`);
  });
});

describe('LogDecoder with a TTY', () => {
  it('reads raw lines (CRLF) in any chunking, all as stdout', () => {
    const raw = Buffer.from(`${TS[0]} one\r\n${TS[1]} two\r\n${TS[2]} \x1b[31mred\x1b[0m\r\n`);
    for (const size of [1, 2, 5, 31, 32, raw.length]) {
      const lines = decode(chunked(raw, size), true);
      expect(lines.map((l) => [l.stream, l.nanos, l.text]), `chunks of ${size}`).toEqual([
        ['stdout', 1, 'one'],
        ['stdout', 2, 'two'],
        ['stdout', 3, '\x1b[31mred\x1b[0m'],
      ]);
    }
  });

  it('joins 16 KB continuations, finding the next timestamp by position', () => {
    const long = 'z'.repeat(PARTIAL_SIZE * 2 + 10);
    const raw = Buffer.from(
      `${TS[0]} ${long.slice(0, PARTIAL_SIZE)}${TS[1]} ${long.slice(PARTIAL_SIZE, 2 * PARTIAL_SIZE)}${TS[2]} ${long.slice(2 * PARTIAL_SIZE)}\r\n${TS[3]} next\r\n`,
    );
    for (const size of [7, 1000, 16_384, raw.length]) {
      const lines = decode(chunked(raw, size), true);
      expect(lines.map((l) => l.text), `chunks of ${size}`).toEqual([long, 'next']);
    }
  });
});

describe('splitTimestamp', () => {
  it('parses the engine’s format and refuses other text', () => {
    expect(splitTimestamp(`${TS[0]} hi`)).toEqual({ ts: Date.parse(TS[0]!), nanos: 1, rest: 'hi' });
    expect(splitTimestamp('2024-05-01T10:00:00.123456789Z x')).toEqual({ ts: Date.parse('2024-05-01T10:00:00.123Z'), nanos: 456_789, rest: 'x' });
    expect(splitTimestamp('2024-05-01T12:00:00.5+02:00 x')).toEqual({ ts: Date.parse('2024-05-01T10:00:00.500Z'), nanos: 0, rest: 'x' });
    expect(splitTimestamp('2024-05-01T10:00:00Z x')?.ts).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(splitTimestamp('hello world')).toBeUndefined();
    expect(splitTimestamp('2024-05-01T10:00:00.123Zx')).toBeUndefined();
  });

  it('reads each line’s own day, however the days of consecutive lines change', () => {
    // The day is remembered from line to line: a change of day, month or year, and back, must still be read.
    const times = ['2024-12-31T23:59:59.9Z', '2025-01-01T00:00:00Z', '2024-12-31T23:59:59Z', '2024-02-29T12:00:00Z', '2024-03-01T00:00:01Z', '2024-03-01T23:00:00Z'];
    for (const time of times) expect(splitTimestamp(`${time} x`)?.ts, time).toBe(Date.parse(time));
    expect(splitTimestamp('2024-03-0xT23:00:00Z x')).toBeUndefined();
    expect(splitTimestamp('2024-03-01T2x:00:00Z x')).toBeUndefined();
  });
});
