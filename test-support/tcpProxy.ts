import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy on loopback between one client (a bot instance) and a server (Redis), for partition tests. */
export interface TcpProxy {
  /** The loopback port clients connect to. */
  readonly port: number;
  /** `redis://127.0.0.1:{port}`: the target's URL through the proxy (for a Redis target). */
  readonly url: string;
  /** Whether bytes are held (see {@link TcpProxy.pause}). */
  readonly paused: boolean;
  /**
   * A silent partition: connections stay open, but no byte passes either way (and a new connection
   * is accepted but not forwarded) until {@link TcpProxy.resume}, which delivers what was held, in order.
   */
  pause(): void;
  /**
   * Pauses (as {@link TcpProxy.pause}) the moment a client sends bytes `matches` accepts — those bytes
   * held with the rest, so the server never sees that command: a client killed then died just before
   * it. Resolves once it paused.
   */
  pauseOn(matches: (sent: Buffer) => boolean): Promise<void>;
  resume(): void;
  /** A hard partition: every connection is reset, and new ones are refused until {@link TcpProxy.restore}. */
  cut(): void;
  restore(): void;
  /** Connections forwarded so far (for assertions that a client reconnected). */
  readonly connections: number;
  close(): Promise<void>;
}

/** One direction of a connection: forwards `from` to `to`, holding bytes while paused. */
class Lane {
  private held: Buffer[] = [];

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly isPaused: (chunk: Buffer) => boolean,
  ) {
    from.on('data', (chunk: Buffer) => {
      if (this.isPaused(chunk) || this.held.length > 0) this.held.push(chunk);
      else to.write(chunk);
    });
  }

  flush(): void {
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.to.write(chunk);
    void this.from;
  }
}

/**
 * Starts a proxy on a free loopback port forwarding to `target` (`127.0.0.1` by default). Each
 * accepted connection gets its own upstream connection, as a network path would.
 */
export async function startTcpProxy(target: { readonly port: number; readonly host?: string }): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  let paused = false;
  let cut = false;
  /** What a client's bytes are checked against while `pauseOn` waits, and whom to tell. */
  let trigger: { readonly matches: (sent: Buffer) => boolean; readonly done: () => void } | undefined;
  const pausedFor = (chunk: Buffer): boolean => {
    if (!paused && trigger?.matches(chunk) === true) {
      paused = true;
      trigger.done();
      trigger = undefined;
    }
    return paused;
  };
  let connections = 0;
  const sockets = new Set<Socket>();
  const lanes = new Set<Lane>();

  const server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    connections += 1;
    const upstream = connect(target.port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      // A reset on one side resets the other; errors are the client's to see, not the test's.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        const other = socket === client ? upstream : client;
        if (!other.destroyed) other.destroy();
      });
    }
    const up = new Lane(client, upstream, pausedFor);
    const down = new Lane(upstream, client, () => paused);
    lanes.add(up);
    lanes.add(down);
    client.on('close', () => {
      lanes.delete(up);
      lanes.delete(down);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get paused() {
      return paused;
    },
    get connections() {
      return connections;
    },
    pause() {
      paused = true;
    },
    pauseOn(matches) {
      return new Promise<void>((done) => (trigger = { matches, done }));
    },
    resume() {
      paused = false;
      for (const lane of lanes) lane.flush();
    },
    cut() {
      cut = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
