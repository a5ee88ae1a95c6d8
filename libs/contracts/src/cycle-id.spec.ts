import { cycleIdFor } from './cycle-id';

describe('cycleIdFor', () => {
  it('is a stable UUID for one workflow id', () => {
    const sut = cycleIdFor('pdca/hiratsuka/1d3c/2025');
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cycleIdFor('pdca/hiratsuka/1d3c/2025')).toBe(sut);
  });

  it('differs between fiscal years and items', () => {
    const ids = new Set<string>();
    for (let fy = 2000; fy < 2100; fy++)
      for (let item = 0; item < 50; item++) ids.add(cycleIdFor(`pdca/t/${item}/${fy}`));
    expect(ids.size).toBe(100 * 50);
  });
});
