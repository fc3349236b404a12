import Fastify from 'fastify';
import { createCallbackReceiver, createTokenVerifier, MemoryCallStore } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { DEFAULT_APP } from '@graph-calling/simulator';
import type { ReceiverSetup } from './driver';

/**
 * The embedded default: one fastify callback server in this process, the real token verifier,
 * a memory store with eviction, and the reconciler reading Graph through its own calls client.
 */
export const memoryReceivers: ReceiverSetup = async ({ simulator, options, newClient }) => {
  const store = new MemoryCallStore();
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: DEFAULT_APP.appId, openIdConfigurationUrl: simulator.openIdConfigurationUrl }),
    store,
    reconcile: {
      client: newClient(),
      silenceMs: options.silenceMs,
      minIntervalMs: Math.min(options.silenceMs, 1_000),
      maxConcurrent: 16,
      maxPerSecond: 100,
    },
  });
  const server = Fastify();
  await server.register(graphCallbacks, { receiver, path: '/callback' });
  const base = (await server.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const reconciler = receiver.reconciler;
  if (reconciler === undefined) throw new Error('the receiver was created without a reconciler');
  return {
    callbackUri: (index) => `${base}/callback?call=${index}`,
    record: (callId) => store.get(callId),
    adopt: async (callId, call) => void (await reconciler.adopt(callId, call)),
    reconciled: () => reconciler.stats.reconciled,
    async close() {
      await receiver.close();
      await server.close();
    },
  };
};
