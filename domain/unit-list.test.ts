import { describe, expect, it } from 'vitest';
import { listDeadlineMs } from './unit-list';

const DUE = Date.parse('2027-02-15T17:00:00Z');
const START = Date.parse('2027-01-01T00:00:00Z');

describe('listDeadlineMs', () => {
  it('gives back to the department the minutes its verification was delayed by our own fault', () => {
    expect(listDeadlineMs(DUE, START, START + 301_000)).toBe(DUE + 301_000);
  });

  it('moves the deadline by only the seconds verification normally takes', () => {
    expect(listDeadlineMs(DUE, START, START + 2_500)).toBe(DUE + 2_500);
  });

  it('never moves it earlier, even if the list opened at the moment verification began', () => {
    expect(listDeadlineMs(DUE, START, START)).toBe(DUE);
    expect(listDeadlineMs(DUE, START, START - 1_000)).toBe(DUE);
  });
});
