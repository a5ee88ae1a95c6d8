/**
 * What a starting cycle reads of a city's own words (issue #22), from PostgreSQL: the review
 * cadence (the item's, else the plan's override, else the city's settings.reviewCadence, else the
 * older settings.calendar.reviewCadence, else quarterly) and each indicator's 目標達成率 formula
 * (its own, else the city's achievementFormula, else progress).
 */

import { CycleContextRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import { cycleInput } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource } from '../support/test-worker';

let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

const load = (f: CycleFixture) => new CycleContextRepository(db).load(cycleInput(f, 2026).input);

it('takes the item’s cadence over the plan’s, else the plan’s, else the city’s, else the older calendar setting', async () => {
  const older = { calendar: { reviewCadence: 'monthly' } };
  const none = await createCycleFixture(db, { reviewCadence: null });
  const calendarOnly = await createCycleFixture(db, { reviewCadence: null, settings: older });
  const city = await createCycleFixture(db, {
    reviewCadence: null,
    settings: { ...older, reviewCadence: 'yearly' },
  });
  const plan = await createCycleFixture(db, {
    reviewCadence: null,
    settings: { ...older, reviewCadence: 'yearly' },
  });
  const item = await createCycleFixture(db, {
    reviewCadence: 'quarterly',
    settings: { ...older, reviewCadence: 'yearly' },
  });
  await db.query(`UPDATE plans SET settings = '{"reviewCadence": "half_yearly"}' WHERE tenant_id = ANY($1)`, [
    [plan.tenantId, item.tenantId],
  ]);
  const cadences = [];
  for (const f of [none, calendarOnly, city, plan, item])
    cadences.push((await load(f)).calendar.reviewCadence);
  expect(cadences).toEqual(['quarterly', 'monthly', 'yearly', 'half_yearly', 'quarterly']);
});

it('gives each indicator its own formula, else the city’s default, else progress', async () => {
  const byDefault = await createCycleFixture(db);
  const ratioCity = await createCycleFixture(db, { settings: { achievementFormula: 'ratio' } });
  // The first indicator says progress itself; the second has none and takes the city's ratio.
  await db.query(`UPDATE indicators SET achievement_formula = 'progress' WHERE id = $1`, [
    ratioCity.indicatorIds[0],
  ]);
  expect((await load(byDefault)).indicators.map((i) => i.achievementFormula)).toEqual([
    'progress',
    'progress',
  ]);
  expect((await load(ratioCity)).indicators.map((i) => [i.id, i.achievementFormula])).toEqual([
    [ratioCity.indicatorIds[0], 'progress'],
    [ratioCity.indicatorIds[1], 'ratio'],
  ]);
});
