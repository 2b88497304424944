import type { Faker } from '@faker-js/faker';
// The zh_CN entry (zh_CN, en, base), not the package root, which loads every locale: a third of a second at start-up.
import { faker as zhCN } from '@faker-js/faker/locale/zh_CN';
import type { Person } from '../domain/messaging/directory.js';

/** Seed for generated people when --seed is not given, so the default run is repeatable too. */
export const DEFAULT_GENERATION_SEED = 20261128;

/**
 * A large organisation for load and scale work: students (学号 2020xxxxxx…) and staff (工号 Txxxxx)
 * with zh_CN names, most reachable everywhere, some missing a binding or with a malformed mobile,
 * a few unsubscribed from the demo app. The same seed gives the same people.
 */
export function generatePeople(count: number, seed = DEFAULT_GENERATION_SEED, taken: Set<string> = new Set()): Person[] {
  // An instance of our own, so a seed set here never moves the shared one's sequence.
  const faker: Faker = new (zhCN.constructor as typeof Faker)({ locale: zhCN.rawDefinitions, seed });
  const people: Person[] = [];
  for (let i = 0; people.length < count; i++) {
    const staff = i % 10 === 9;
    const userId = staff ? `T${String(10000 + i).padStart(6, '0')}` : `${2020 + (i % 5)}${String(100000 + i).padStart(7, '0')}`;
    if (taken.has(userId)) continue;
    const roll = faker.number.float();
    const person: Person = { userId, name: faker.person.lastName() + faker.person.firstName() };
    // About 3% malformed mobiles, 5% without one; the rest valid mainland numbers.
    if (roll >= 0.05) person.mobile = roll < 0.08 ? `1${faker.string.numeric(9)}` : `1${faker.helpers.arrayElement(['3', '5', '7', '8', '9'])}${faker.string.numeric(9)}`;
    if (faker.number.float() >= 0.1) person.email = `${userId.toLowerCase()}@example.edu.cn`;
    if (faker.number.float() >= 0.08) person.wecomId = `wx${userId.toLowerCase()}`;
    if (faker.number.float() >= 0.3) person.dingtalkId = `dt${userId.toLowerCase()}`;
    if (faker.number.float() < 0.02) person.unsubscribedApps = ['MSG123456'];
    people.push(person);
  }
  return people;
}
