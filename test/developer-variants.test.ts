import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import type { LicenseItem } from '../lib/entities/license.js';
import { gsi1Keys, keys } from '../lib/entities/keys.js';
import { findVariantByName, getVariant } from '../lib/variants/repository.js';
import { createAdminSession, type AdminSession } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication, type CreatedTestApplication } from './support/applications.js';

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let admin: AdminSession;
let app: CreatedTestApplication;

beforeAll(async () => {
  admin = await createAdminSession();
  app = await createApplication(admin.headers);
});

const variantsPath = (appId: string) => `/api/developer/applications/${appId}/licenses/variants`;

async function createVariant(body: Record<string, unknown>, appId = app.appId) {
  return api('POST', variantsPath(appId), { headers: admin.headers, body });
}

async function storeLicense(appId: string, variantId: string, licenseId: string, fields: Partial<LicenseItem>): Promise<void> {
  const license: LicenseItem = {
    type: 'license',
    licenseId,
    appId,
    globalId: 'AB1234',
    connectionId: 'c-1',
    variantId,
    variantName: 'x',
    code: 'ABCD-EFGH-JKLM-NPQR',
    status: 'X',
    state: 'ACTIVE',
    duration: 'LIFETIME',
    expiresAt: null,
    source: 'statusSync',
    createdAt: new Date().toISOString(),
    refreshedAt: null,
    endedAt: null,
    endReason: null,
    ...gsi1Keys.activeLicenseOfVariant(variantId, licenseId),
    ...fields,
  };
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.license(appId, 'AB1234', licenseId), ...license } }));
}

describe('POST and GET .../licenses/variants', () => {
  it('creates a variant in the documented shape with LIFETIME by default', async () => {
    const response = await createVariant({ name: ' Gold ' });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({
      ok: true,
      variant: {
        variantId: expect.stringMatching(/^var_[0-9a-z]{16}$/),
        name: 'Gold',
        description: null,
        defaultDuration: 'LIFETIME',
        createdAt: expect.stringMatching(iso),
      },
    });
    expect(await findVariantByName(app.appId, 'GOLD')).toMatchObject({ variantId: response.json.variant.variantId, name: 'Gold' });
  });

  it('accepts defaultDuration in any letter case and a description', async () => {
    const response = await createVariant({ name: 'Monthly', defaultDuration: 'month', description: 'Billed monthly' });
    expect(response.json.variant).toMatchObject({ name: 'Monthly', defaultDuration: 'MONTH', description: 'Billed monthly' });
  });

  it.each([
    ['no name', { description: 'x' }, 'name'],
    ['a blank name', { name: '  ' }, 'name'],
    ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
    ['an unknown duration', { name: 'Weekly', defaultDuration: 'WEEK' }, 'defaultDuration'],
    ['a non-string description', { name: 'Desc', description: 5 }, 'description'],
  ])('refuses %s with 400', async (_label, body, path) => {
    const response = await createVariant(body);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [expect.objectContaining({ path })] });
  });

  it('refuses a name the app already uses, in any letter case, with 409; other apps may use it', async () => {
    await createVariant({ name: 'Silver' });
    const duplicate = await createVariant({ name: 'sILVER' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toEqual({ ok: false, error: 'conflict', message: expect.stringMatching(/already exists/) });
    expect(duplicate.raw.body).not.toContain('sILVER'); // error bodies never repeat the request
    const otherApp = await createApplication(admin.headers);
    expect((await createVariant({ name: 'silver' }, otherApp.appId)).status).toBe(201);
  });

  it('lets exactly one of 10 concurrent creates of one name (mixed case) win', async () => {
    const names = ['Race', 'RACE', 'race', 'rAcE', 'Race', 'RaCe', 'race', 'RACE', 'racE', 'Race'];
    const responses = await Promise.all(names.map((name) => createVariant({ name })));
    expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const list = await api('GET', variantsPath(app.appId), { headers: admin.headers });
    expect(list.json.variants.filter((variant: { name: string }) => variant.name.toLowerCase() === 'race')).toHaveLength(1);
  });

  it('lists the variants oldest first', async () => {
    const fresh = await createApplication(admin.headers);
    await createVariant({ name: 'One' }, fresh.appId);
    await createVariant({ name: 'Two', defaultDuration: 'YEAR' }, fresh.appId);
    const list = await api('GET', variantsPath(fresh.appId), { headers: admin.headers });
    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      ok: true,
      variants: [
        { variantId: expect.any(String), name: 'One', description: null, defaultDuration: 'LIFETIME', createdAt: expect.stringMatching(iso) },
        { variantId: expect.any(String), name: 'Two', description: null, defaultDuration: 'YEAR', createdAt: expect.stringMatching(iso) },
      ],
    });
  });
});

describe('PATCH .../licenses/variants/:variantId', () => {
  it('renames, moving the case-insensitive name claim atomically', async () => {
    const created = await createVariant({ name: 'Bronze' });
    const { variantId } = created.json.variant;
    const renamed = await api('PATCH', `${variantsPath(app.appId)}/${variantId}`, {
      headers: admin.headers,
      body: { name: 'Copper', defaultDuration: 'year', description: 'Was bronze' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toEqual({
      ok: true,
      variant: { variantId, name: 'Copper', description: 'Was bronze', defaultDuration: 'YEAR', createdAt: created.json.variant.createdAt },
    });
    expect(await findVariantByName(app.appId, 'bronze')).toBeUndefined();
    expect(await findVariantByName(app.appId, 'COPPER')).toMatchObject({ variantId, name: 'Copper', defaultDuration: 'YEAR' });
    // The old name is free again.
    expect((await createVariant({ name: 'bronze' })).status).toBe(201);
  });

  it('changes only the letter case of a name in place, and clears a description with null', async () => {
    const created = await createVariant({ name: 'platinum', description: 'shiny' });
    const { variantId } = created.json.variant;
    const response = await api('PATCH', `${variantsPath(app.appId)}/${variantId}`, {
      headers: admin.headers,
      body: { name: 'Platinum', description: null },
    });
    expect(response.json.variant).toMatchObject({ name: 'Platinum', description: null });
    expect(await findVariantByName(app.appId, 'platinum')).toMatchObject({ variantId, name: 'Platinum' });
  });

  it('refuses a rename to a name another variant holds (any case) with 409 and changes nothing', async () => {
    const first = await createVariant({ name: 'Alpha' });
    const second = await createVariant({ name: 'Beta' });
    const response = await api('PATCH', `${variantsPath(app.appId)}/${second.json.variant.variantId}`, {
      headers: admin.headers,
      body: { name: 'ALPHA' },
    });
    expect(response.status).toBe(409);
    expect(response.json.error).toBe('conflict');
    expect(await findVariantByName(app.appId, 'beta')).toMatchObject({ variantId: second.json.variant.variantId });
    expect(await findVariantByName(app.appId, 'alpha')).toMatchObject({ variantId: first.json.variant.variantId });
    expect((await getVariant(app.appId, second.json.variant.variantId))?.name).toBe('Beta');
  });

  it('lets one of two concurrent renames to the same name win', async () => {
    const a = await createVariant({ name: 'Left' });
    const b = await createVariant({ name: 'Right' });
    const responses = await Promise.all(
      [a, b].map((created) =>
        api('PATCH', `${variantsPath(app.appId)}/${created.json.variant.variantId}`, { headers: admin.headers, body: { name: 'Middle' } }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = responses.find((response) => response.status === 200);
    expect(await findVariantByName(app.appId, 'middle')).toMatchObject({ variantId: winner?.json.variant.variantId });
  });

  it('refuses an empty patch and bad values with 400', async () => {
    const created = await createVariant({ name: 'Patchy' });
    const path = `${variantsPath(app.appId)}/${created.json.variant.variantId}`;
    for (const body of [{}, { defaultDuration: 'DAY' }, { name: '' }]) {
      const response = await api('PATCH', path, { headers: admin.headers, body });
      expect(response.status).toBe(400);
      expect(response.json.error).toBe('invalid_request');
    }
  });

  it('answers 404 for an unknown or malformed variantId', async () => {
    for (const variantId of ['var_0000000000000000', 'nope']) {
      const response = await api('PATCH', `${variantsPath(app.appId)}/${variantId}`, { headers: admin.headers, body: { name: 'X' } });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ ok: false, error: 'not_found', message: 'No such variant' });
    }
  });
});

describe('DELETE .../licenses/variants/:variantId', () => {
  it('deletes an unused variant and frees its name', async () => {
    const created = await createVariant({ name: 'Temporary' });
    const { variantId } = created.json.variant;
    const response = await api('DELETE', `${variantsPath(app.appId)}/${variantId}`, { headers: admin.headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, variantId, deleted: true });
    expect(await getVariant(app.appId, variantId)).toBeUndefined();
    expect(await findVariantByName(app.appId, 'temporary')).toBeUndefined();
    const again = await api('DELETE', `${variantsPath(app.appId)}/${variantId}`, { headers: admin.headers });
    expect(again.status).toBe(404);
  });

  it('refuses to delete a variant with an ACTIVE license (409), but not one whose licenses lapsed or expired', async () => {
    const inUse = (await createVariant({ name: 'In use' })).json.variant.variantId;
    await storeLicense(app.appId, inUse, 'lic-live', { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const refused = await api('DELETE', `${variantsPath(app.appId)}/${inUse}`, { headers: admin.headers });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ ok: false, error: 'conflict', message: expect.stringContaining('ACTIVE licenses') });
    expect(await getVariant(app.appId, inUse)).toBeDefined();

    const lifetime = (await createVariant({ name: 'Lifetime user' })).json.variant.variantId;
    await storeLicense(app.appId, lifetime, 'lic-forever', { expiresAt: null });
    expect((await api('DELETE', `${variantsPath(app.appId)}/${lifetime}`, { headers: admin.headers })).status).toBe(409);

    const lapsed = (await createVariant({ name: 'Lapsed' })).json.variant.variantId;
    await storeLicense(app.appId, lapsed, 'lic-lapsed', { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const ended = (await createVariant({ name: 'Ended' })).json.variant.variantId;
    await storeLicense(app.appId, ended, 'lic-ended', { state: 'EXPIRED', gsi1pk: undefined, gsi1sk: undefined });
    for (const variantId of [lapsed, ended]) {
      const response = await api('DELETE', `${variantsPath(app.appId)}/${variantId}`, { headers: admin.headers });
      expect(response.status).toBe(200);
    }
  });
});
