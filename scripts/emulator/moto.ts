/**
 * Whether this machine can run the apply tier's AWS API emulator (moto's server, scripts/emulator/server.py).
 * Used by jest.global-setup.js (compiled: dist/scripts/emulator/moto.js) and the tier's harness.
 */
import { execFileSync } from 'child_process';

/** The moto version the shims are written for (scripts/emulator/shims.py checks it too). */
export const MOTO_VERSION = '5.2.1';
export const INSTALL_HINT = `pip install "moto[server]==${MOTO_VERSION}"`;

/** The Python that runs the emulator: $HELLOAPI_PYTHON, else python3. */
export function pythonBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.HELLOAPI_PYTHON || 'python3';
}

export interface MotoCheck {
  readonly available: boolean;
  readonly python: string;
  readonly version?: string;
  /** Why it is not available (missing Python, missing moto or its server extras, wrong version), with the install command. */
  readonly reason?: string;
}

/** Python with moto's server (flask, flask_cors) and boto3, at MOTO_VERSION. */
export function checkMoto(env: NodeJS.ProcessEnv = process.env): MotoCheck {
  const python = pythonBinary(env);
  let version: string;
  try {
    version = execFileSync(python, ['-c', 'import moto, flask, flask_cors, boto3; print(moto.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, PYTHONWARNINGS: 'ignore' },
    }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const last = String(err.stderr || err.message).trim().split('\n').pop();
    return { available: false, python, reason: `${python} cannot import moto's server (${last}): ${INSTALL_HINT}` };
  }
  if (version !== MOTO_VERSION) {
    return { available: false, python, version, reason: `${python} has moto ${version}; the emulator shims are written for ${MOTO_VERSION}: ${INSTALL_HINT}` };
  }
  return { available: true, python, version };
}
