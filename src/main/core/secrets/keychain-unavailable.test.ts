import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ErrorEnvelope } from '../../../shared/errors';

/*
 * With no usable Secret Service the keychain store must say so (`keychain_unavailable`, with what to
 * install or run) on every operation, and must never quietly use another store such as the kernel
 * keyring (which @napi-rs/keyring would otherwise fall back to on Linux). Each case runs in a child
 * process whose D-Bus environment we control.
 */
const child = path.join(__dirname, 'test-fixtures', 'keychain-child.ts');
const linux = process.platform === 'linux';
const hasDbusRunSession = linux && spawnSync('sh', ['-c', 'command -v dbus-run-session']).status === 0;

const secretsActivationFile = '/usr/share/dbus-1/services/org.freedesktop.secrets.service';

type Outcome = { ok: boolean; value?: unknown; error?: ErrorEnvelope };
type ChildResult = { key: string; probe: Outcome; set: Outcome; get: Outcome; delete: Outcome };

function run(cmd: string[], env: NodeJS.ProcessEnv): Promise<{ result: ChildResult; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd[0]!, cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 45_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ result: JSON.parse(line) as ChildResult, stdout, stderr });
      } catch {
        reject(new Error(`child exited ${code} without a result; stderr:\n${stderr}`));
      }
    });
  });
}

const nodeChild = [process.execPath, '--import', 'tsx', child];

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.KLAVIYO_API_KEY;
  return env;
}

function expectUnavailableEverywhere(r: { result: ChildResult; stdout: string; stderr: string }, reason: string) {
  const { result } = r;
  for (const op of ['probe', 'set', 'get', 'delete'] as const) {
    expect(result[op].ok, `${op} must fail`).toBe(false);
    expect(result[op].error).toMatchObject({ code: 'keychain_unavailable', details: { reason, store: 'keychain' } });
  }
  // No silent fallback: the value "written" is not readable afterwards from anywhere this store looks.
  expect(result.get.value).toBeUndefined();
  const msg = result.set.error!.message;
  expect(msg).toMatch(/Secret Service/);
  expect(msg).toMatch(/gnome-keyring/);
  expect(msg).toMatch(/dbus-run-session/);
  expect(msg).toMatch(/KLAVIYO_API_KEY/);
  expect(msg).toMatch(/never stored in a weaker place/);
  // The key never appears in what the process printed (the result line minus its own "key" field).
  const printed = r.stdout.replace(`"key":"${result.key}"`, '') + r.stderr;
  expect(printed).not.toContain(result.key);
  expect(printed).not.toContain(result.key.slice(3));
}

describe.skipIf(!linux)('KeychainSecretStore without a Secret Service (Linux)', () => {
  it('reports keychain_unavailable when there is no D-Bus session at all', async () => {
    const r = await run(nodeChild, baseEnv());
    expectUnavailableEverywhere(r, 'no_dbus_session');
    expect(r.result.set.error!.message).toMatch(/DBUS_SESSION_BUS_ADDRESS is not set/);
  });

  it('reports keychain_unavailable when DBUS_SESSION_BUS_ADDRESS points nowhere', async () => {
    const r = await run(nodeChild, { ...baseEnv(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kad-bus' });
    expectUnavailableEverywhere(r, 'dbus_unreachable');
    expect(r.result.set.error!.message).toMatch(/cannot be reached/);
  });

  describe.skipIf(!hasDbusRunSession)('inside a D-Bus session', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-nokeyring-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports keychain_unavailable when no service provides org.freedesktop.secrets', async () => {
      // A session bus with no service directories, so nothing can be auto-started to answer.
      const conf = path.join(dir, 'bus.conf');
      fs.writeFileSync(
        conf,
        `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
      );
      const r = await run(['dbus-run-session', `--config-file=${conf}`, '--', ...nodeChild], baseEnv());
      expectUnavailableEverywhere(r, 'no_secret_service');
      expect(r.result.set.error!.message).toMatch(/org\.freedesktop\.secrets/);
    });

    it.skipIf(!fs.existsSync(secretsActivationFile))(
      'reports keychain_unavailable when the Secret Service starts but its keyring is locked',
      async () => {
        // The standard session bus auto-starts gnome-keyring on first use, but nobody unlocks it:
        // the state of a desktop whose login keyring was not unlocked at log-in. Its files go to a
        // temporary HOME, never the real one.
        const env = { ...baseEnv(), HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_RUNTIME_DIR: dir };
        const r = await run(['dbus-run-session', '--', ...nodeChild], env);
        for (const op of ['probe', 'set', 'get', 'delete'] as const) {
          expect(r.result[op].error).toMatchObject({ code: 'keychain_unavailable', details: { reason: 'locked' } });
        }
        expect(r.result.set.error!.message).toMatch(/locked/);
        expect(r.stdout.replace(`"key":"${r.result.key}"`, '') + r.stderr).not.toContain(r.result.key);
      },
    );
  });
});
