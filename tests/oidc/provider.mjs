// A real OpenID Connect provider for the OIDC client's integration test (src/adapters/oidc/
// oidc_provider_test.cpp): npm oidc-provider on 127.0.0.1, port 0, with its built-in development
// login and consent pages. TEST ONLY: plain HTTP on loopback, keys made at start, accounts in memory.
//
//   node tests/oidc/provider.mjs --client-id ID --client-secret SECRET --redirect-uri URI
//   (or OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI in the environment)
//
// Prints exactly one line on stdout once it listens: "issuer http://127.0.0.1:PORT". Exits on
// SIGTERM/SIGINT, and when its standard input closes (the test process that started it is gone).
//
// Clients:
//   * the one named on the command line: confidential, client_secret_basic, ID tokens RS256;
//   * "other-client" / "other-client-secret-0123456789": client_secret_post, ID tokens ES256, same
//     redirect URI (so a test can obtain a token meant for another audience).
// PKCE S256 is required for every authorization request. Any login name is accepted at the login
// form (devInteractions); "citizen-demo" has claims, including the citizen ID number `cccd`.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// The npm packages live in web/node_modules (installed by `make deps`), not beside this file.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { default: Provider } = await import(pathToFileURL(require.resolve('oidc-provider')).href);

const { values: args } = parseArgs({
  options: {
    'client-id': { type: 'string', default: process.env.OIDC_CLIENT_ID },
    'client-secret': { type: 'string', default: process.env.OIDC_CLIENT_SECRET },
    'redirect-uri': { type: 'string', default: process.env.OIDC_REDIRECT_URI },
  },
});
for (const name of ['client-id', 'client-secret', 'redirect-uri']) {
  if (!args[name]) {
    console.error(`provider.mjs: --${name} is required`);
    process.exit(2);
  }
}

const ACCOUNTS = {
  'citizen-demo': {
    name: 'Nguyễn Văn An',
    email: 'an.nguyen@example.vn',
    email_verified: true,
    phone_number: '+84912345678',
    phone_number_verified: true,
    cccd: '045085000123',
  },
};

function signingKey(type, options, kid) {
  const jwk = generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid };
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: args['client-id'],
      client_secret: args['client-secret'],
      redirect_uris: [args['redirect-uri']],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    {
      client_id: 'other-client',
      client_secret: 'other-client-secret-0123456789',
      redirect_uris: [args['redirect-uri']],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: {
    keys: [
      signingKey('rsa', { modulusLength: 2048 }, 'test-rsa'),
      signingKey('ec', { namedCurve: 'P-256' }, 'test-ec'),
    ],
  },
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified'],
    cccd: ['cccd'],
  },
  pkce: { methods: ['S256'], required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-only-cookie-signing-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(ACCOUNTS[id] ?? {}) };
      },
    };
  },
});

server.on('request', provider.callback());

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

process.stdout.write(`issuer ${issuer}\n`);
