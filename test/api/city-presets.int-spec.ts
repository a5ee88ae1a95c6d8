/**
 * Each seed sample imports into a city set up with its own preset (#22), and the plan then reads in
 * the city's words: its level names in the plan tree, and the city's decisions and scales in the
 * plan's settings.
 */
import { CITY_PRESETS } from '@pdca/domain';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { createCityTenant, SAMPLE_COUNTS, sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;

beforeAll(async () => {
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
});

afterAll(async () => {
  await api?.close();
});

const PRESET_OF: Record<string, string> = {
  平塚市: 'hiratsuka',
  町田市: 'machida',
  行田市: 'gyoda',
  宝塚市: 'takarazuka',
};

it.each(SAMPLE_COUNTS.map((s) => [s.file, s] as const))(
  '%s imports under its city’s preset and reads in the city’s words',
  async (_file, expected) => {
    const preset = CITY_PRESETS.find((p) => p.key === PRESET_OF[expected.city])!;
    const city = await createCityTenant(api, expected.city, 'preset');
    await api
      .http()
      .put('/api/v1/settings')
      .set(bearer(city.tokens.hqAdmin))
      .send({ settings: preset.settings, reason: `${preset.city.ja}のひな形` })
      .expect(200);

    const imported = await uploadPlan(api, city.tokens.hqAdmin, sample(expected.file), expected.file).expect(
      201,
    );
    const planId = imported.body.planId as string;
    expect(imported.body.added).toHaveLength(expected.items);

    const plan = await api.http().get(`/api/v1/plans/${planId}`).set(bearer(city.tokens.leader)).expect(200);
    expect(plan.body.levels.map((l: { name: { ja: string } }) => l.name.ja)).toEqual([...expected.levels]);

    // The plan's settings: its own level names where the file gives them, the city's decisions and scales.
    const settings = await api
      .http()
      .get(`/api/v1/settings?planId=${planId}`)
      .set(bearer(city.tokens.leader))
      .expect(200);
    expect(settings.body.settings.levels.map((l: { name: { ja: string } }) => l.name.ja)).toEqual([
      ...expected.levels,
    ]);
    expect(settings.body.settings.decisions).toEqual(preset.settings.decisions);
    expect(settings.body.settings.ratings).toEqual(preset.settings.ratings);
  },
);
