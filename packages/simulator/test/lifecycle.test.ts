import { createSimulator } from '@graph-calling/simulator';

describe('simulator lifecycle', () => {
  it('close() stops serving; a second close (or the deprecated stop) resolves with the first', async () => {
    const simulator = await createSimulator({ plainHttp: true });
    const openId = await fetch(simulator.openIdConfigurationUrl);
    expect(openId.status).toBe(200);
    const first = simulator.close();
    expect(simulator.close()).toBe(first);
    await first;
    await expect(simulator.close()).resolves.toBeUndefined();
    await expect(fetch(simulator.openIdConfigurationUrl)).rejects.toThrow();
  });
});
