/** Flag validation (one clear line, exit code 2) and the CLI process: --help, serving, clean shutdown. */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError, parseOptions } from '../src/options';
import { Simulation } from '../src/simulation';

const ROOT = resolve(__dirname, '..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

function usageError(args: string[]): string {
  try {
    new Simulation(parseOptions(args));
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}

describe('option validation', () => {
  it.each([
    [['--port', 'abc'], /--port must be a number, got "abc"/],
    [['--port', '70000'], /--port must be at most 65535/],
    [['--port'], /--port needs a value/],
    [['--scenario', 'nope'], /unknown scenario "nope"; choose one of: steady-pd, steady-wideep/],
    [['--bogus'], /unknown argument "--bogus"/],
    [['--profile', 'sglang2'], /unknown profile "sglang2"; choose one of: vllm, vllm-eplb-prs, proposed, sglang, legacy-vllm/],
    [['--sglang-transfer-metrics', 'summary'], /--sglang-transfer-metrics must be histogram or gauge, got "summary"/],
    [['--engines-per-pod', '1.5'], /must be an integer/],
    [['--load-wave', '2'], /--load-wave must be at most 1/],
    [['--engines-per-pod', '8', '--gpus-per-node', '4'], /impossible topology: a pod needs 8 GPUs/],
    [['--experts', '30', '--redundant-experts', '0'], /impossible topology: .* do not divide evenly over the 4 prefill ranks/],
    [['--nodes', '1'], /impossible topology: 4 pods of 2 GPUs need 2 nodes of 4 GPUs, --nodes is 1/],
    [['--dcgm-hostname-label', 'host'], /Hostname or hostname/],
    [['--expert-debug-duration', '5'], /needs --expert-debug/],
    [['--scrape-timeout-pod', 'nope'], /is not a simulated pod/],
    [['--model', 'a/X', '--model', 'b/x'], /must differ after slugging/],
    [['--sd-host', 'simulator'], /--sd-host must be host:port, got "simulator"/],
    [['--namespace', 'Bad_NS'], /--namespace must be a Kubernetes name/],
  ])('%j', (args, message) => {
    expect(usageError(args as string[])).toMatch(message as RegExp);
  });

  it('accepts repeated and comma-separated models and derives nodes', () => {
    const sim = new Simulation(parseOptions(['--model', 'a/One,b/Two', '--model', 'c/Three', '--decode-pods', '1', '--prefill-pods', '1']));
    expect(sim.topology.models.map((m) => m.name)).toEqual(['a/One', 'b/Two', 'c/Three']);
    expect(sim.topology.nodes).toHaveLength(3);
    expect(sim.topology.models[1].engines.map((e) => e.rank)).toEqual([0, 1, 2, 3]);
  });

  it('scales to 64 engines, 61 layers x 256 experts', () => {
    const sim = new Simulation(
      parseOptions(['--prefill-pods', '8', '--decode-pods', '8', '--engines-per-pod', '4', '--gpus-per-node', '8', '--layers', '61', '--experts', '256', '--redundant-experts', '32'])
    );
    expect(sim.topology.models[0].engines).toHaveLength(64);
    expect(new Set(sim.topology.models[0].engines.map((e) => e.label)).size).toBe(64);
  });
});

describe('cli process', () => {
  it('prints one line and exits 2 on bad input', () => {
    const run = spawnSync(TSX, ['src/cli.ts', '--port', 'abc'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['error: --port must be a number, got "abc"']);
  });

  it('lists flags and scenarios with --help', () => {
    const run = spawnSync(TSX, ['src/cli.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const word of ['--port', '--profile', '--expert-debug-duration', '--scrape-timeout-pod', 'steady-pd', 'legacy-vllm', 'pod-restart', 'vllm-eplb-prs', 'sglang']) {
      expect(run.stdout).toContain(word);
    }
  });

  it('serves and exits 0 on SIGTERM', async () => {
    const child = spawn(TSX, ['src/cli.ts', '--port', '0'], { cwd: ROOT });
    let out = '';
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('simulator on')) {
          done();
        }
      });
      child.on('exit', () => fail(new Error(`exited early: ${out}`)));
    });
    const url = /on (http:\/\/\S+)/.exec(out)![1];
    expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok\n');
    const code = await new Promise<number | null>((done) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => done(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
