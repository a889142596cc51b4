import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'bench/bundles/', '.data/', 'portal/dist/', 'portal/dist.*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // The layers (docs/architecture.md): only functions/ use the composition layer (lib/handlers),
  // and the generic HTTP factory (lib/http) sits below every domain.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/handlers/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/handlers/*'], message: 'lib/handlers composes the domains: only functions/ import it.' }] }] },
  },
  {
    files: ['lib/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/handlers/*'], message: 'lib/handlers composes the domains: only functions/ import it.' },
            {
              group: ['**/app-auth/*', '**/applications/*', '**/auth/*', '**/connections/*', '**/licenses/*', '**/sessions/*', '**/status-sync/*', '**/throttle/*', '**/users/*', '**/variants/*'],
              message: 'lib/http is generic: a handler family that needs a domain belongs in lib/handlers.',
            },
          ],
        },
      ],
    },
  },
);
