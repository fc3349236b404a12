import { closeAll, startRedis, type TestRedis } from './redisServer';

/** A connection the suite closes after its tests (an ioredis client, say). */
export interface SuiteConnection {
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** The redis-server of one test file (or `describe`): read its members inside tests and hooks, not at load time. */
export interface SuiteRedis<C extends SuiteConnection> {
  /** The running server (pause/start it to test Redis loss). */
  readonly server: TestRedis;
  /** `redis://127.0.0.1:{port}` of the server. */
  readonly url: string;
  /** A new connection to the server (or to `url`, e.g. through a proxy), closed after the suite's tests. */
  connect(url?: string): Promise<C>;
  /** Has a connection made elsewhere closed with the suite's; returns it. */
  track<T extends C>(connection: T): T;
}

/**
 * Starts a real redis-server before the enclosing suite's tests (`beforeAll`) and, after them (`afterAll`),
 * closes every connection made through {@link SuiteRedis.connect} and stops the server. `connect` is how
 * the suite's tests reach it (`connectRedis` from store-redis, in practice).
 */
export function redisForSuite<C extends SuiteConnection>(connect: (url: string) => Promise<C>): SuiteRedis<C> {
  let server: TestRedis | undefined;
  const connections: C[] = [];
  const running = (): TestRedis => {
    if (server === undefined) throw new Error('expected the suite redis-server to be running (use it inside tests and hooks), found none');
    return server;
  };
  beforeAll(async () => {
    server = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await closeAll(connections);
    await server?.close();
  });
  const suite: SuiteRedis<C> = {
    get server() {
      return running();
    },
    get url() {
      return running().url;
    },
    async connect(url = running().url) {
      return suite.track(await connect(url));
    },
    track(connection) {
      connections.push(connection);
      return connection;
    },
  };
  return suite;
}
