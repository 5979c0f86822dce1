import { baseUrlProblem, defaultBaseUrl } from '../client/base-url.js';
import { keyMode, maskKey } from '../client/api-key.js';
import { ConfigError } from './errors.js';
import { checkProfileName, type Profile, type ProfileStore } from './profile-store.js';

export interface CredentialInputs {
  env: Record<string, string | undefined>;
  /** From --profile or REVKEEN_PROFILE. */
  profileName?: string;
  /** From --base-url. */
  baseUrlFlag?: string;
  /** Opens the profile file; called only when profiles are needed. */
  openStore: () => Promise<ProfileStore>;
}

export interface Credentials {
  apiKey: string;
  baseUrl: string;
  /** Where the key came from, for messages: "REVKEEN_API_KEY" or `profile "name"`. */
  source: string;
  /** Where the base URL came from: "--base-url", "REVKEEN_BASE_URL", `profile "name"`, or the default for the key. */
  baseUrlSource: string;
  profileName?: string;
  defaults: Pick<Profile, 'currency' | 'successUrl' | 'cancelUrl' | 'methods'>;
}

/**
 * Key: REVKEEN_API_KEY, then the named profile, then the current one.
 * Base URL: --base-url, REVKEEN_BASE_URL, the profile's, then by key prefix.
 * With REVKEEN_API_KEY set and no profile named, the profile file is not read at all.
 */
export async function resolveCredentials(inputs: CredentialInputs): Promise<Credentials> {
  const envKey = inputs.env.REVKEEN_API_KEY?.trim() || undefined;
  let profile: Profile | undefined;
  let profileName: string | undefined;
  if (!envKey || inputs.profileName) {
    const store = await inputs.openStore();
    const data = store.read();
    profileName = inputs.profileName === undefined ? data.current : checkProfileName(inputs.profileName);
    profile = profileName === undefined ? undefined : data.profiles.get(profileName);
    const names = [...data.profiles.keys()];
    if (inputs.profileName && !profile) throw unknownProfile(inputs.profileName, names);
    if (!envKey && !profile) {
      throw new ConfigError(
        'no_key',
        names.length === 0
          ? 'No API key: log in with `revkeen login`, or set REVKEEN_API_KEY'
          : `No API key: there is no current profile (profiles: ${names.join(', ')})`,
        names.length === 0
          ? 'Try everything locally first with `revkeen mock`'
          : 'Pick one with `revkeen profiles use NAME`, or pass --profile NAME',
      );
    }
  }
  const apiKey = envKey ?? (profile as Profile).apiKey;
  const [baseUrl, from] = inputs.baseUrlFlag
    ? [inputs.baseUrlFlag, '--base-url']
    : inputs.env.REVKEEN_BASE_URL
      ? [inputs.env.REVKEEN_BASE_URL, 'REVKEEN_BASE_URL']
      : profile?.baseUrl
        ? [profile.baseUrl, `profile "${profileName}"`]
        : [defaultBaseUrl(apiKey), `the default for ${keyMode(apiKey) === 'sandbox' ? 'sandbox' : 'live'} keys`];
  const problem = baseUrlProblem(baseUrl);
  if (problem) throw new ConfigError('invalid', `Base URL from ${from}: ${problem}`);
  return {
    apiKey,
    baseUrl: baseUrl.trim(),
    baseUrlSource: from,
    source: envKey ? 'REVKEEN_API_KEY' : `profile "${profileName}" (${maskKey(apiKey)})`,
    profileName,
    defaults: {
      currency: profile?.currency,
      successUrl: profile?.successUrl,
      cancelUrl: profile?.cancelUrl,
      methods: profile?.methods,
    },
  };
}

export function unknownProfile(name: string, known: string[]): ConfigError {
  return new ConfigError(
    'unknown_profile',
    `No profile named "${name}"; ${known.length ? `the profiles are: ${known.join(', ')}` : 'there are no profiles yet'}`,
    known.length ? 'revkeen profiles list shows them' : `Create it with \`revkeen login --profile ${name}\``,
  );
}
