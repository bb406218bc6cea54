// The server keeps the exam's time. The browser's clock may be wrong by minutes, so the page measures its
// offset from the server's answers (half the round trip counted) and counts down against the corrected clock.
import { useEffect, useState } from 'react';

export class ServerClock {
  private offsetMs = 0;
  private bestRoundTrip = Number.POSITIVE_INFINITY;

  /** Learns from one answer: the server's time, and when the request left and the answer came back here. */
  observe(serverTime: string, sentAt: number, receivedAt: number): void {
    const roundTrip = receivedAt - sentAt;
    // The fastest exchange tells the offset most precisely.
    if (roundTrip > this.bestRoundTrip * 1.5 + 50) return;
    this.bestRoundTrip = Math.min(this.bestRoundTrip, roundTrip);
    this.offsetMs = new Date(serverTime).getTime() - (sentAt + roundTrip / 2);
  }

  now = (): number => Date.now() + this.offsetMs;
}

/** Seconds left until the deadline on the server's clock, updated four times a second. */
export function useSecondsLeft(clock: ServerClock, deadlineAt: string | null): number | null {
  const compute = () => (deadlineAt ? Math.max(0, (new Date(deadlineAt).getTime() - clock.now()) / 1000) : null);
  const [left, setLeft] = useState(compute);
  useEffect(() => {
    setLeft(compute());
    const id = setInterval(() => setLeft(compute()), 250);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clock, deadlineAt]);
  return left;
}
