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
    this.people = new Map(people.map((p) => [p.userId, p]));
  }

  get(userId: string): Person | undefined {
    return this.people.get(userId);
  }

  isSubscribed(person: Person, appId: string): boolean {
    return !(person.unsubscribedApps ?? []).includes(appId);
  }

  list(): Person[] {
    return [...this.people.values()];
  }
}
