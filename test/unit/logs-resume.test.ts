/** Where a follow read resumes, and which of its lines were shown already (electron/engine/logs/resume.ts). */
import { describe, expect, it } from 'vitest';
import { ResumePoint, sinceOf } from '../../electron/engine/logs/resume';

const at = (stream: 'stdout' | 'stderr', ms: number, nanos = 0) => ({ stream, ts: ms, nanos });

describe('sinceOf', () => {
  it('writes the engine’s seconds.nanoseconds exactly', () => {
    expect(sinceOf({ ts: Date.parse('2024-05-01T10:00:00.123Z'), nanos: 456_789 })).toBe(`${Date.parse('2024-05-01T10:00:00Z') / 1000}.123456789`);
    expect(sinceOf({ ts: 1000, nanos: 5 })).toBe('1.000000005');
  });
});

describe('ResumePoint', () => {
  it('has nowhere to resume before a line was shown', () => {
    expect(new ResumePoint().since()).toBeUndefined();
  });

  it('shows no line twice when stderr was stamped before stdout lines written ahead of it', () => {
    // As CI saw it: the history read out1, out2..out5, then err, stamped between out1 and out2.
    const resume = new ResumePoint();
    for (const line of [at('stdout', 1000), at('stdout', 1003), at('stdout', 1004), at('stdout', 1005), at('stdout', 1006), at('stderr', 1002)]) resume.shown(line);
    const isNew = resume.newSince();
    // The follow read brings back what it finds from `since` on, and then a new line of each stream.
    const again = [at('stdout', 1003), at('stdout', 1004), at('stdout', 1005), at('stdout', 1006), at('stderr', 1002)];
    expect(again.filter(isNew)).toEqual([]);
    expect([at('stdout', 1007), at('stderr', 1003)].every(isNew)).toBe(true);
  });

  it('resumes a moment before the latest line shown, so a line of the other stream stamped just before it is not skipped', () => {
    const resume = new ResumePoint();
    resume.shown(at('stdout', 5_000, 250));
    resume.shown(at('stdout', 9_000, 250));
    expect(resume.since()).toBe('8.000000250');
    // A stderr line written late but stamped before the last stdout line: inside the read, and new.
    expect(resume.newSince()(at('stderr', 8_500))).toBe(true);
  });

  it('never resumes before the user’s own since', () => {
    const resume = new ResumePoint();
    resume.shown(at('stdout', 9_000));
    expect(resume.since(8.5)).toBe('8.500000000');
    expect(resume.since(7)).toBe('8.000000000');
  });

  it('treats a line at the very time of the last one shown as shown (since is inclusive)', () => {
    const resume = new ResumePoint();
    resume.shown(at('stdout', 2_000, 7));
    const isNew = resume.newSince();
    expect(isNew(at('stdout', 2_000, 7))).toBe(false);
    expect(isNew(at('stdout', 2_000, 8))).toBe(true);
  });
});
