import path from 'node:path';

vi.mock('electron', () => ({ net: {}, protocol: {} }));
const { resolveAppFile } = await import('./app-protocol');

describe('app:// protocol', () => {
  const root = path.resolve('/opt/desk/out/renderer');
  it('maps app://desk paths into the renderer folder, routes to index.html', () => {
    expect(resolveAppFile(root, 'app://desk/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://desk/assets/main-abc.js')).toBe(path.join(root, 'assets/main-abc.js'));
    expect(resolveAppFile(root, 'app://desk/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://desk/workspaces/w1')).toBe(path.join(root, 'index.html'));
  });

  it('refuses traversal, other hosts and schemes', () => {
    for (const bad of [
      'app://desk/../../etc/passwd',
      'app://desk/%2e%2e/%2e%2e/etc/passwd',
      'app://desk/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://desk/a%00.js',
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const r = resolveAppFile(root, bad);
      expect(r === null || r.startsWith(root + path.sep), bad).toBe(true);
      expect(r === null || !r.includes('passwd'), bad).toBe(true);
    }
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://desk/a%00.js')).toBeNull();
  });
});
