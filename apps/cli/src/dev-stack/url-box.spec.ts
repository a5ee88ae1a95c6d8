import { renderUrlBox } from './url-box';

describe('renderUrlBox', () => {
  const input = {
    apiPort: 3000,
    temporalUiPort: 8233,
    dataDir: '.data',
    demoMode: true,
    demoUser: 'leader@hiratsuka.example',
  };

  it('shows the API, the OpenAPI docs, the Temporal UI, the data folder, how to reset and how to stop', () => {
    const sut = renderUrlBox(input);
    expect(sut).toMatch(/Web app\s+http:\/\/localhost:3000\/\s/);
    expect(sut).toContain('http://localhost:3000/api/v1');
    expect(sut).toContain('http://localhost:3000/api/docs');
    expect(sut).toContain('http://localhost:8233');
    expect(sut).toMatch(/Data folder\s+\.data/);
    expect(sut).toContain('npm run reset');
    expect(sut).toContain('Ctrl-C to stop');
  });

  it('uses the ports it is given', () => {
    const sut = renderUrlBox({ ...input, apiPort: 3005, temporalUiPort: 9000 });
    expect(sut).toContain('http://localhost:3005/api/v1');
    expect(sut).toContain('http://localhost:9000');
    expect(sut).not.toContain(':3000');
  });

  it('says when demo mode is on, and nothing about it when off', () => {
    expect(renderUrlBox(input)).toContain('Demo mode');
    expect(renderUrlBox(input)).toMatch(/Sign in as\s+leader@hiratsuka\.example/);
    expect(renderUrlBox({ ...input, demoMode: false })).not.toContain('Demo mode');
    expect(renderUrlBox({ ...input, demoMode: false })).not.toContain('leader@');
  });

  it('draws a closed box: every line has the same width', () => {
    const lines = renderUrlBox({
      ...input,
      dataDir: '/a/much/longer/path/to/the/data/folder/than/usual',
    }).split('\n');
    expect(lines[0].startsWith('┌')).toBe(true);
    expect(lines.at(-1)!.startsWith('└')).toBe(true);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^│ .* │$/);
  });
});
