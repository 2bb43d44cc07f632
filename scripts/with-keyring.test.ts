import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const script = path.join(__dirname, 'with-keyring.sh');
const available =
  process.platform === 'linux' &&
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(script, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat); // a zombie has exited; init reaps it
  } catch {
    return false;
  }
}

describe.skipIf(!available)('scripts/with-keyring.sh', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-wk-'));
    env = { ...process.env, TMPDIR: tmp };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.KAD_WITH_KEYRING;
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs CMD with an unlocked Secret Service, returns its exit status and leaves nothing behind', async () => {
    // Inside: report the session and the keyring daemons serving it (found by their private data folder).
    const inner = `
      echo "bus=$DBUS_SESSION_BUS_ADDRESS marker=$KAD_WITH_KEYRING"
      for p in /proc/[0-9]*; do
        if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -q "^XDG_DATA_HOME=${tmp}/"; then echo "daemon=\${p#/proc/}"; fi
      done
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets
      exit 7`;
    const r = await run(['bash', '-c', inner], env);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(/bus=unix:\S+ marker=1/);
    expect(r.stdout).toContain('boolean true');
    const daemons = [...r.stdout.matchAll(/daemon=(\d+)/g)].map((m) => Number(m[1]));
    expect(daemons.length).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 300));
    for (const pid of daemons) expect(alive(pid), `gnome-keyring-daemon ${pid} still running`).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]); // its keyring folder is gone
  });

  it('just runs CMD when a Secret Service is already there (nested use)', async () => {
    const r = await run([script, 'bash', '-c', 'echo "inner=$DBUS_SESSION_BUS_ADDRESS"'], env);
    expect(r.code).toBe(0);
    const inner = /inner=(\S+)/.exec(r.stdout)?.[1];
    expect(inner).toMatch(/^unix:/);
    // one session only: the nested call did not start a second bus
    const outer = await run(
      ['bash', '-c', `${script} bash -c 'echo "in=$DBUS_SESSION_BUS_ADDRESS"'; echo "out=$DBUS_SESSION_BUS_ADDRESS"`],
      env,
    );
    const seenIn = /in=(\S+)/.exec(outer.stdout)?.[1];
    expect(seenIn).toMatch(/^unix:/);
    expect(seenIn).toBe(/out=(\S+)/.exec(outer.stdout)?.[1]);
  });

  it('starts its own session when the current one has a Secret Service without an unlocked keyring', async () => {
    // Outer session: gnome-keyring running but never unlocked (no default collection), files in tmp.
    const outer = `
      gnome-keyring-daemon --foreground --components=secrets >/dev/null 2>&1 & kp=$!
      for i in $(seq 1 50); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
        sleep 0.1
      done
      echo "out=$DBUS_SESSION_BUS_ADDRESS"
      ${script} bash -c 'echo "in=$DBUS_SESSION_BUS_ADDRESS"'
      status=$?
      kill $kp; wait $kp 2>/dev/null
      exit $status`;
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const p = spawn('dbus-run-session', ['--', 'bash', '-c', outer], {
        env: { ...env, HOME: tmp, XDG_DATA_HOME: path.join(tmp, 'data'), XDG_RUNTIME_DIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.on('error', reject);
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout });
      });
    });
    expect(r.code).toBe(0);
    const out = /out=(\S+)/.exec(r.stdout)?.[1];
    const inner = /in=(\S+)/.exec(r.stdout)?.[1];
    expect(out).toMatch(/^unix:/);
    expect(inner).toMatch(/^unix:/);
    expect(inner).not.toBe(out);
  });

  it('refuses to run without a command', async () => {
    const r = await run([], env);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/usage/);
  });
});
