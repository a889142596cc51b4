import { api } from './support/api.js';
import { defaultPassword, registerUser, uniqueUsername } from './support/accounts.js';

const spaazaError = (code: number, name: string) => ({
  result: { code: 2, status: 'error' },
  error: expect.objectContaining({ code, name, description: expect.any(String) }),
});

describe('POST /auth/add-user', () => {
  it('registers a user from a JSON body and answers user_info with global_id; unset fields are null', async () => {
    const username = uniqueUsername();
    const response = await api('POST', '/auth/add-user', { body: { username, password: defaultPassword } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      result: { code: 1, status: 'ok' },
      results: {
        result_type: 'add-user',
        user_info: {
          id: expect.any(Number),
          user_id: expect.any(Number),
          first_name: null,
          last_name: null,
          gender: null,
          birthday: null,
          username,
          mailing_list: { mailing_list_sub_offered: false, mailing_list_subscribed: false, printed_mailing_list_subscribed: false },
          entity_code: { type: 'regular', code: expect.stringMatching(/^\d+$/) },
          global_id: expect.stringMatching(/^[A-Z]{2}\d{4}$/),
        },
      },
    });
    const info = response.json.results.user_info;
    expect(info.id).toBe(info.user_id);
    expect(info.user_id).toBeGreaterThanOrEqual(1);
    expect(info.user_id).toBeLessThanOrEqual(9_999_999_999);
    expect(JSON.stringify(response.json)).not.toContain(defaultPassword);
  });

  it('accepts a form body with every optional field (booleans as strings)', async () => {
    const username = uniqueUsername();
    const response = await api('POST', '/auth/add-user', {
      form: true,
      body: {
        username,
        password: defaultPassword,
        first_name: 'Sam',
        last_name: 'Tester',
        gender: 'F',
        birthday: '1982-05-21',
        mailing_list_subscribed: 'true',
        printed_mailing_list_subscribed: '1',
      },
    });
    expect(response.status).toBe(200);
    expect(response.json.results.user_info).toMatchObject({
      first_name: 'Sam',
      last_name: 'Tester',
      gender: 'F',
      birthday: '1982-05-21',
      username,
      mailing_list: { mailing_list_sub_offered: false, mailing_list_subscribed: true, printed_mailing_list_subscribed: true },
    });
  });

  it('stores gender words and answers them by API version', async () => {
    const user = await registerUser({ gender: 'nonbinary' });
    expect(user.userInfo.gender).toBe('O');
    const newer = await api('POST', '/auth/add-user', {
      headers: { 'x-spaaza-api-version': '1.4.10' },
      body: { username: uniqueUsername(), password: defaultPassword, gender: 'Genderfluid' },
    });
    expect(newer.json.results.user_info.gender).toBe('genderfluid');
    const letter = await api('POST', '/auth/add-user', {
      headers: { 'x-spaaza-api-version': '1.4.10' },
      body: { username: uniqueUsername(), password: defaultPassword, gender: 'm' },
    });
    expect(letter.json.results.user_info.gender).toBe('male');
  });

  it('gives every user distinct ids and entity codes', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => registerUser()));
    expect(new Set(users.map((user) => user.userId)).size).toBe(users.length);
    expect(new Set(users.map((user) => user.globalId)).size).toBe(users.length);
    expect(new Set(users.map((user) => user.userInfo.entity_code.code)).size).toBe(users.length);
  });

  it('refuses a taken username, case-insensitively, with 409 username_taken', async () => {
    const user = await registerUser({ username: uniqueUsername('Case') });
    for (const username of [user.username, user.username.toUpperCase(), `  ${user.username.toLowerCase()} `]) {
      const response = await api('POST', '/auth/add-user', { body: { username, password: 'another password' } });
      expect(response.status).toBe(409);
      expect(response.json).toEqual(spaazaError(1005, 'username_taken'));
    }
  });

  it('registers only one of two concurrent sign-ups of one username', async () => {
    const username = uniqueUsername();
    const answers = await Promise.all(
      [username, username.toUpperCase()].map((name) => api('POST', '/auth/add-user', { body: { username: name, password: defaultPassword } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it.each([
    [{ password: defaultPassword }, 1002, 'missing_parameter', 'username'],
    [{ username: 'x@example.com' }, 1002, 'missing_parameter', 'password'],
    [{ username: 'not-an-email', password: defaultPassword }, 1003, 'invalid_parameter', 'username'],
    [{ username: 'short@example.com', password: 'short' }, 1003, 'invalid_parameter', 'password'],
    [{ username: 'g@example.com', password: defaultPassword, gender: 'X' }, 1003, 'invalid_parameter', 'gender'],
    [{ username: 'b@example.com', password: defaultPassword, birthday: '1982-02-30' }, 1003, 'invalid_parameter', 'birthday'],
    [{ username: 'b@example.com', password: defaultPassword, birthday: '21-05-1982' }, 1003, 'invalid_parameter', 'birthday'],
    [{ username: 'm@example.com', password: defaultPassword, mailing_list_subscribed: 'maybe' }, 1003, 'invalid_parameter', 'mailing_list_subscribed'],
  ])('answers 400 for %j', async (body, code, name, path) => {
    const response = await api('POST', '/auth/add-user', { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual(spaazaError(code, name));
    expect(response.json.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers 400 for an empty body and for malformed JSON, 415 for another content type', async () => {
    expect((await api('POST', '/auth/add-user')).status).toBe(400);
    const malformed = await api('POST', '/auth/add-user', { body: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.name).toBe('malformed_body');
    const text = await api('POST', '/auth/add-user', { body: 'username=a', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('answers 400 invalid_api_version for a malformed version header', async () => {
    const response = await api('POST', '/auth/add-user', {
      headers: { 'x-spaaza-api-version': 'latest' },
      body: { username: uniqueUsername(), password: defaultPassword },
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual(spaazaError(1004, 'invalid_api_version'));
  });
});
