import { useEffect, useState } from 'preact/hooks';
import { api, type CodeFilter } from '../api/endpoints';
import type { LicenseCodeImport, LicenseCodePage, LicenseState, VariantView } from '../api/types';
import { CopyButton, ErrorMessage, Notice, PageButtons, useAction, when } from '../components/ui';

const pageSize = 20;
const maxCount = 10_000;
const states: LicenseState[] = ['UNUSED', 'ACTIVE', 'EXPIRED'];

/** A datetime-local value (the browser's time zone) as an ISO timestamp; empty is no expiry. */
function expiryOf(local: string): string | null {
  if (!local) return null;
  const at = new Date(local);
  if (Number.isNaN(at.getTime())) throw new Error('The expiry is not a valid date and time.');
  return at.toISOString();
}

function VariantSelect(props: { id: string; variants: VariantView[]; value: string; onChange: (value: string) => void; any?: string }) {
  return (
    <select id={props.id} value={props.value} required={!props.any} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.any !== undefined && <option value="">{props.any}</option>}
      {props.variants.map((variant) => (
        <option key={variant.variantId} value={variant.variantId}>
          {variant.name}
        </option>
      ))}
    </select>
  );
}

/** Generate `count` codes of a variant; the new codes are shown once, with a copy button. */
function GenerateForm(props: { appId: string; variants: VariantView[]; onDone: () => void }) {
  const [variantId, setVariantId] = useState(props.variants[0]?.variantId ?? '');
  const [count, setCount] = useState('10');
  const [expiry, setExpiry] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  // One key per batch: a retry of a failed or unanswered request replays it instead of making a second batch;
  // a successful batch, or other form values, start a new one.
  const [batchKey, setBatchKey] = useState(() => crypto.randomUUID());
  const action = useAction();
  useEffect(() => {
    if (!props.variants.some((variant) => variant.variantId === variantId)) setVariantId(props.variants[0]?.variantId ?? '');
  }, [props.variants]);
  useEffect(() => setBatchKey(crypto.randomUUID()), [variantId, count, expiry]);
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      setCodes(null);
      const answer = await api.generateCodes(props.appId, { variantId, count: Number(count), expiresAt: expiryOf(expiry) }, batchKey);
      setCodes(answer.codes.map((code) => code.code));
      setBatchKey(crypto.randomUUID());
      props.onDone();
    });
  };
  return (
    <>
      <form onSubmit={submit} class="inline-form" aria-label="Generate codes">
        <div>
          <label for="generate-variant">Variant</label>
          <VariantSelect id="generate-variant" variants={props.variants} value={variantId} onChange={setVariantId} />
        </div>
        <div>
          <label for="generate-count">How many</label>
          <input id="generate-count" type="number" inputMode="numeric" required min={1} max={maxCount} step={1} value={count} onInput={(e) => setCount(e.currentTarget.value)} />
        </div>
        <div>
          <label for="generate-expiry">Expires (optional, your time zone)</label>
          <input id="generate-expiry" type="datetime-local" value={expiry} onInput={(e) => setExpiry(e.currentTarget.value)} />
        </div>
        <ErrorMessage error={action.error} />
        <div class="actions">
          <button type="submit" disabled={action.busy || !variantId}>
            Generate codes
          </button>
        </div>
      </form>
      {codes && (
        <div class="reveal card">
          <Notice>
            Generated {codes.length} code{codes.length === 1 ? '' : 's'}. They are also listed in the inventory below.
          </Notice>
          <label for="generated-codes">New codes</label>
          <textarea id="generated-codes" class="codes" readOnly rows={Math.min(codes.length, 8)} value={codes.join('\n')} data-testid="generated-codes" />
          <CopyButton text={codes.join('\n')} label="Copy the new codes" />
        </div>
      )}
    </>
  );
}

/** Import `code[,expiresAt]` lines (pasted or from a .csv file); reports the count and each bad line. */
function ImportForm(props: { appId: string; variants: VariantView[]; onDone: () => void }) {
  const [variantId, setVariantId] = useState(props.variants[0]?.variantId ?? '');
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<LicenseCodeImport | null>(null);
  const action = useAction();
  useEffect(() => {
    if (!props.variants.some((variant) => variant.variantId === variantId)) setVariantId(props.variants[0]?.variantId ?? '');
  }, [props.variants]);
  const readFile = (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    void action.run(async () => setCsv(await file.text()));
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      setResult(null);
      if (!csv.trim()) throw new Error('Paste some code lines or choose a CSV file first.');
      setResult(await api.importCodes(props.appId, variantId, csv));
      props.onDone();
    });
  };
  return (
    <>
      <form onSubmit={submit} aria-label="Import codes">
        <label for="import-variant">Variant</label>
        <VariantSelect id="import-variant" variants={props.variants} value={variantId} onChange={setVariantId} />
        <label for="import-file">CSV file (optional)</label>
        <input id="import-file" type="file" accept=".csv,text/csv,text/plain" onChange={readFile} />
        <label for="import-lines">Code lines</label>
        <p class="hint" id="import-lines-hint">
          One <code>code[,expiresAt]</code> per line, for example <code>GIFT-2026-0001,2027-01-01T00:00:00Z</code>. A header line is allowed.
        </p>
        <textarea id="import-lines" class="codes" rows={5} aria-describedby="import-lines-hint" value={csv} onInput={(e) => setCsv(e.currentTarget.value)} />
        <ErrorMessage error={action.error} />
        <div class="actions">
          <button type="submit" disabled={action.busy || !variantId}>
            Import codes
          </button>
        </div>
      </form>
      {result && (
        <div data-testid="import-result">
          <Notice>
            Imported {result.imported} code{result.imported === 1 ? '' : 's'}
            {result.errors.length > 0 ? `; ${result.errors.length} line${result.errors.length === 1 ? ' was' : 's were'} not imported.` : '.'}
          </Notice>
          {result.errors.length > 0 && (
            <ul class="line-errors" aria-label="Lines not imported">
              {result.errors.map((error) => (
                <li key={error.line}>
                  Line {error.line}: {error.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

/** License codes (issue 15): the inventory with filters and pages, generate, import. */
export function LicenseCodes(props: { appId: string; variantsVersion: number }) {
  const { appId } = props;
  const [variants, setVariants] = useState<VariantView[]>([]);
  const [filter, setFilter] = useState<CodeFilter>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<LicenseCodePage | null>(null);
  const [version, setVersion] = useState(0);
  const loadVariants = useAction();
  const load = useAction();
  const cursor = cursors[cursors.length - 1];

  useEffect(() => void loadVariants.run(async () => setVariants(await api.listVariants(appId))), [appId, props.variantsVersion]);
  useEffect(() => void load.run(async () => setPage(await api.listCodes(appId, filter, pageSize, cursor))), [appId, filter, cursor, version]);

  const changeFilter = (next: CodeFilter) => {
    setFilter(next);
    setCursors([undefined]);
  };
  const changed = () => {
    setCursors([undefined]);
    setVersion((value) => value + 1);
  };
  const variantName = (variantId: string) => variants.find((variant) => variant.variantId === variantId)?.name ?? variantId;

  return (
    <section aria-labelledby="codes-title" class="card">
      <h2 id="codes-title">License codes</h2>
      <p class="hint">Codes your users redeem after signing in to the app (gift cards, partner bundles, promotions). Each code redeems once.</p>
      <ErrorMessage error={loadVariants.error} />
      <h3>Inventory</h3>
      <div class="inline-form" role="group" aria-label="Filter codes">
        <div>
          <label for="codes-state">State</label>
          <select id="codes-state" value={filter.state ?? ''} onChange={(e) => changeFilter({ ...filter, state: (e.currentTarget.value || undefined) as LicenseState | undefined })}>
            <option value="">Any state</option>
            {states.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="codes-variant">Variant</label>
          <VariantSelect id="codes-variant" variants={variants} value={filter.variantId ?? ''} onChange={(value) => changeFilter({ ...filter, variantId: value || undefined })} any="Any variant" />
        </div>
      </div>
      <ErrorMessage error={load.error} />
      {page && page.codes.length === 0 && <p>No codes{filter.state || filter.variantId ? ' match these filters' : ' yet'}.</p>}
      {page && page.codes.length > 0 && (
        // Focusable so that keyboard users can scroll the table sideways on a narrow screen (it holds no controls).
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Code inventory">
          <table>
            <caption>Codes · page {cursors.length}</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">State</th>
                <th scope="col">Variant</th>
                <th scope="col">Redeemed by</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {page.codes.map((code) => (
                <tr key={code.licenseId}>
                  <td>
                    <code>{code.code}</code>
                  </td>
                  <td>
                    <span class={`badge ${code.state === 'ACTIVE' ? 'verified' : code.state === 'EXPIRED' ? 'pending' : ''}`}>{code.state}</span>
                  </td>
                  <td>{variantName(code.variantId)}</td>
                  <td>
                    {code.owner ? (
                      <>
                        <code>{code.owner.globalId}</code>
                        <div class="muted">{when(code.redeemedAt)}</div>
                      </>
                    ) : (
                      <span class="muted">nobody</span>
                    )}
                  </td>
                  <td>{when(code.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageButtons label="Pages of codes" cursors={cursors} setCursors={setCursors} nextCursor={page?.nextCursor} />
      {variants.length === 0 && !loadVariants.busy ? (
        <p class="notice">Create a variant first: every code grants one variant.</p>
      ) : (
        <>
          <h3>Generate codes</h3>
          <GenerateForm appId={appId} variants={variants} onDone={changed} />
          <h3>Import codes (CSV)</h3>
          <ImportForm appId={appId} variants={variants} onDone={changed} />
        </>
      )}
    </section>
  );
}
