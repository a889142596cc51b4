import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { api, type VariantInput } from '../api/endpoints';
import type { LicenseDuration, VariantView } from '../api/types';
import { ConfirmDialog, ErrorMessage, useAction, when } from '../components/ui';

const durations: LicenseDuration[] = ['LIFETIME', 'YEAR', 'MONTH'];

/** The 409s of variants, said in words (docs/api.md, Developer). */
function explainConflict(error: unknown, doing: 'save' | 'delete'): never {
  if (error instanceof ApiError && error.status === 409) {
    throw new Error(
      doing === 'delete'
        ? `This variant cannot be deleted yet: ${error.message}. Users who hold it keep it until your backend revokes it (status sync) or it expires.`
        : `That name is taken: ${error.message}. Variant names are unique per application, ignoring letter case.`,
    );
  }
  throw error;
}

function VariantForm(props: { initial?: VariantView; submitLabel: string; onSubmit: (input: VariantInput) => Promise<void>; onCancel?: () => void }) {
  const [name, setName] = useState(props.initial?.name ?? '');
  const [description, setDescription] = useState(props.initial?.description ?? '');
  const [duration, setDuration] = useState<LicenseDuration>(props.initial?.defaultDuration ?? 'LIFETIME');
  const action = useAction();
  const prefix = props.initial ? `edit-${props.initial.variantId}` : 'new-variant';
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      await props.onSubmit({ name, description: description.trim() ? description : null, defaultDuration: duration });
      if (!props.initial) {
        setName('');
        setDescription('');
      }
    });
  };
  return (
    <form onSubmit={submit} class="inline-form">
      <div>
        <label for={`${prefix}-name`}>Name</label>
        <input id={`${prefix}-name`} required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div>
        <label for={`${prefix}-description`}>Description (optional)</label>
        <input id={`${prefix}-description`} maxLength={1000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      <div>
        <label for={`${prefix}-duration`}>Default duration</label>
        <select id={`${prefix}-duration`} value={duration} onChange={(e) => setDuration(e.currentTarget.value as LicenseDuration)}>
          {durations.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={action.error} />
      <div class="actions">
        <button type="submit" disabled={action.busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Variants (plans) of the application: create, edit, delete. */
export function Variants({ appId, onChanged }: { appId: string; onChanged?: () => void }) {
  const [variants, setVariants] = useState<VariantView[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<VariantView | null>(null);
  const load = useAction();
  const remove = useAction();
  const refresh = () =>
    load.run(async () => {
      setVariants(await api.listVariants(appId));
    });
  // Only a change tells the page (the license-code forms list variants too); the first load does not.
  const refreshAfterChange = async () => {
    await refresh();
    onChanged?.();
  };
  useEffect(() => void refresh(), [appId]);

  const confirmDelete = (variant: VariantView) =>
    remove.run(async () => {
      setDeleting(null);
      await api.deleteVariant(appId, variant.variantId).catch((error: unknown) => explainConflict(error, 'delete'));
      await refreshAfterChange();
    });

  return (
    <section aria-labelledby="variants-title" class="card">
      <h2 id="variants-title">Variants (plans)</h2>
      <p class="hint">
        Status sync creates a variant by name when it first sees a status; create them here to set a description and default duration.
      </p>
      <ErrorMessage error={load.error} />
      {variants?.length === 0 && <p>No variants yet.</p>}
      {variants && variants.length > 0 && (
        <ul class="plain variants">
          {variants.map((variant) => (
            <li key={variant.variantId}>
              {editing === variant.variantId ? (
                <VariantForm
                  initial={variant}
                  submitLabel="Save variant"
                  onCancel={() => setEditing(null)}
                  onSubmit={async (input) => {
                    await api.updateVariant(appId, variant.variantId, input).catch((error: unknown) => explainConflict(error, 'save'));
                    setEditing(null);
                    await refreshAfterChange();
                  }}
                />
              ) : (
                <div class="row">
                  <div>
                    <strong>{variant.name}</strong> <span class="badge">{variant.defaultDuration}</span>
                    <div class="muted">{variant.description ?? 'No description'} · created {when(variant.createdAt)}</div>
                  </div>
                  <div class="actions">
                    <button type="button" class="secondary" onClick={() => setEditing(variant.variantId)} aria-label={`Edit ${variant.name}`}>
                      Edit
                    </button>
                    <button type="button" class="danger" onClick={() => setDeleting(variant)} aria-label={`Delete ${variant.name}`}>
                      Delete
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      <h3>New variant</h3>
      <VariantForm
        submitLabel="Create variant"
        onSubmit={async (input) => {
          await api.createVariant(appId, input).catch((error: unknown) => explainConflict(error, 'save'));
          await refreshAfterChange();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the variant “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete variant"
        onConfirm={() => deleting && void confirmDelete(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p>A variant that users still hold (ACTIVE licenses) cannot be deleted.</p>
      </ConfirmDialog>
    </section>
  );
}
