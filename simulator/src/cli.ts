/** Entry point: parse flags, build the simulation, serve it until SIGINT/SIGTERM. */
import { UsageError, helpText, parseOptions } from './options';
import { PROFILES } from './profiles';
import { SCENARIOS } from './scenarios';
import { startServer } from './server';
import { Simulation } from './simulation';

async function main(argv: string[]): Promise<void> {
  let simulation: Simulation;
  let options;
  try {
    options = parseOptions(argv);
    if (options.help) {
      process.stdout.write(`${helpText(SCENARIOS, PROFILES)}\n`);
      return;
    }
    simulation = new Simulation(options);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let running;
  try {
    running = await startServer(simulation, options.host, options.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : String(error);
    process.stderr.write(`error: cannot listen on ${options.host}:${options.port}: ${reason}\n`);
    process.exit(2);
  }
  const { topology } = simulation;
  const engines = topology.models.reduce((s, m) => s + m.engines.length, 0);
  process.stdout.write(
    `llm-d fleet simulator on ${running.url} — profile ${simulation.profile.name}, scenario ${simulation.scenario.name}, ` +
      `${topology.models.length} model(s), ${topology.pods.length} pods, ${engines} engines, ${topology.nodes.length} nodes\n`
  );
  const stop = () => {
    running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
