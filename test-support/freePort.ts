import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports handed out in this process: never twice, even after their probe closed. */
const given = new Set<number>();

/** The kernel's ephemeral range (ports it gives to `listen(0)` and outgoing connections); Linux's default when unreadable. */
function ephemeralRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high)) return [low, high];
  } catch {
    // Not Linux: the IANA dynamic range is what most systems use.
  }
  return [49152, 65535];
}

function probe(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/**
 * A loopback port that is free now, for a server that has to be named before it starts (a
 * redis-server, a key server a receiver is configured with). It is taken from below the kernel's
 * ephemeral range: a port chosen by `listen(0)` elsewhere — another suite, another process — or an
 * outgoing connection can never land on it between this probe and the server's start, so only a
 * port chosen the same way could collide, and this process never hands one out twice. Each process
 * starts at its own place (its pid), so processes running side by side rarely meet either.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = Math.max(low + 1000, ephemeralLow) - 1;
  const span = high - low + 1;
  let candidate = low + ((process.pid * 7919 + given.size * 101) % span);
  for (let tried = 0; tried < span; tried += 1, candidate = candidate >= high ? low : candidate + 1) {
    if (given.has(candidate)) continue;
    if (await probe(candidate)) {
      given.add(candidate);
      return candidate;
    }
  }
  throw new Error(`expected a free loopback port from ${low} to ${high}, found none`);
}
