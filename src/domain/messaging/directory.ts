/**
 * The organisation directory (组织架构): who can receive 5.3.1 messages, on which channels,
 * and which apps each person unsubscribed from.
 */

/** One person (校内人员) as people.json describes them. */
export interface Person {
  /** 学工号 */
  userId: string;
  name: string;
  mobile?: string;
  email?: string;
  /** 企业微信 account (sendChannel WeChat). */
  wecomId?: string;
  dingtalkId?: string;
  /** appIds this person no longer receives messages from. */
  unsubscribedApps?: string[];
  /** Free text for people reading the fixture. */
  note?: string;
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
const MOBILE = /^1[3-9]\d{9}$/;

export function isValidMobile(mobile: string): boolean {
  return MOBILE.test(mobile);
}

export class Directory {
  private readonly people: Map<string, Person>;

  constructor(people: Person[] = []) {
    // A copy: people change (un/subscribe) while the scenario's data must stay as loaded.
    this.people = new Map(people.map((p) => [p.userId, { ...p, unsubscribedApps: [...(p.unsubscribedApps ?? [])] }]));
  }

  get(userId: string): Person | undefined {
    return this.people.get(userId);
  }

  isSubscribed(person: Person, appId: string): boolean {
    return !(person.unsubscribedApps ?? []).includes(appId);
  }

  /** A person (un)subscribes from an app's messages; false when there is no such person. */
  setSubscribed(userId: string, appId: string, subscribed: boolean): boolean {
    const person = this.people.get(userId);
    if (!person) return false;
    const others = (person.unsubscribedApps ?? []).filter((id) => id !== appId);
    person.unsubscribedApps = subscribed ? others : [...others, appId];
    return true;
  }

  list(): Person[] {
    return [...this.people.values()];
  }
}
