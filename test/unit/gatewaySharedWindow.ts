/**
 * A "VS Code window" for the shared-gateway tests: joins the machine's gateway the way
 * GatewayHost does, with its own usage log fed by its own gateway while serving and by the
 * serving window's feed while standing by. Run as a script (`node gatewaySharedWindow.js
 * <port> <upstreamUrl>`) it is a separate process that serves and prints its port,
 * so a test can SIGKILL it like a crashed extension host. Agents present `localToken`; the
 * windows present their own token, which agents never hold.
 */
import { createGateway } from '../../src/gateway/server';
import { joinSharedGateway, type SharedGateway } from '../../src/gateway/sharedGateway';
import { translator } from '../../src/gateway/translate';
import { UsageLog } from '../../src/gateway/usage';
import { localToken, route, upstreamKeys } from './gatewayFixture';

export interface TestWindow {
  readonly name: string;
  readonly shared: SharedGateway;
  readonly usage: UsageLog;
  readonly logs: string[];
}

/** The windows' token of this test machine; a different one stands for another VS Code install. */
export const windowToken = 'sbw-test-windows-token-5e1d';

export async function openWindow(name: string, port: number, upstreamUrl: string, windowsToken = windowToken): Promise<TestWindow> {
  const usage = new UsageLog();
  const logs: string[] = [];
  const shared = await joinSharedGateway({
    port,
    windowToken: async () => windowsToken,
    create: (p) =>
      createGateway({
        port: p,
        translator,
        token: () => localToken,
        windowToken: () => windowsToken,
        key: async (id) => upstreamKeys[id],
        resolveRoute: () => route('lab', 'openai-compatible', `${upstreamUrl}/v1`, `model-of-${name}`),
        onUsage: (r) => usage.add(r),
        usageHistory: () => usage.records(),
      }),
    onHistory: (records) => {
      usage.clear();
      for (const r of records) usage.add(r);
    },
    onRecord: (r) => usage.add(r),
    log: (line) => logs.push(line),
    probeTimeoutMs: 2000,
  });
  return { name, shared, usage, logs };
}

if (require.main === module) {
  const [port, upstreamUrl] = process.argv.slice(2);
  void openWindow('child', Number(port), upstreamUrl).then((w) => process.stdout.write(`${w.shared.port} ${w.shared.serving}\n`));
}
