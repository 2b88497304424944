import type { DeploymentChoices } from '../../spec/deployment-choices.js';
import type { ControlContext, ControlHandlers } from './types.js';

/** Where the profile came from: the file as it was given, and what saved it, when, in which mode. */
function origin({ source: { file, tool, savedAt, mode } }: DeploymentChoices) {
  return { file, tool, savedAt, mode };
}

/** The profile in a few words (GET /__umc/health, the start-up banner): where it came from, how much of it applies. */
export function profileSummary(profile: DeploymentChoices | undefined) {
  return profile ? { ...origin(profile), applied: profile.entries.length, skipped: profile.skipped.length } : null;
}

/** GET /__umc/profile: what the profile changes against the mock's defaults, entry by entry, and what it could not. */
export function profileOperations({ profile }: ControlContext): ControlHandlers {
  return {
    getProfile: () => (profile ? { active: true, ...origin(profile), entries: profile.entries, skipped: profile.skipped } : { active: false }),
  };
}
