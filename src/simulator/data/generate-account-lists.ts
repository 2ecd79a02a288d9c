import { formatDate, formatDateTime, DAY_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord, type KeyTemplate } from '../templates/key-template.js';
import { COUPON_KEYS } from '../templates/finance-templates.js';
import { cancellationPolicyId, couponId, messageTemplateId, userGroupId, userId } from './resource-ids.js';
import type { ResourceContext } from './resource-store.js';
import { CUSTOM_FIELDS, FIRST_NAMES, LAST_NAMES } from './vocabulary.js';
import { GROUP_KEY_ORDER, PERMISSION_FLAGS, USER_KEY_ORDER } from './user-permissions.js';

const USER_KEYS: KeyTemplate = Object.fromEntries(USER_KEY_ORDER.map((key) => [key, 'any']));
const GROUP_KEYS: KeyTemplate = Object.fromEntries(GROUP_KEY_ORDER.map((key) => [key, 'any']));
const flags = (grant: (key: string) => boolean): Record<string, number> =>
  Object.fromEntries(PERMISSION_FLAGS.map((key) => [key, grant(key) ? 1 : 0]));

/** `options.users` users; the first is an admin with every permission, the others cleaners. */
export function generateUsers(ctx: ResourceContext): HostawayRecord[] {
  const { rng, data } = ctx;
  return Array.from({ length: ctx.options.users }, (_, index) => {
    const admin = index === 0;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    return buildFromTemplate(
      USER_KEYS,
      flags((key) => admin || key.startsWith('read')),
      {
        id: userId(data.accountIndex, index + 1),
        accountId: data.accountId,
        userGroupId: admin ? null : userGroupId(data.accountIndex, 1),
        userGroupName: admin ? null : 'Cleaners',
        email: `${firstName.toLowerCase()}.${index + 1}@pm-${data.accountId}.example.com`,
        verificationCode: '',
        secondEmail: '',
        firstName,
        lastName,
        title: admin ? 'Owner' : 'Cleaner',
        country: '',
        city: '',
        phone: `+1555${String(rng.int(1_000_000, 9_999_999))}`,
        emergencyPhone: '',
        preferredContactMethod: 'phone',
        noteBeforeContact: '',
        address: '',
        postalCode: '',
        profilePictureUrl: '',
        timezone: 'UTC',
        isDisabledByHostaway: 0,
        isDisabledByAccount: 0,
        isAdmin: admin ? 1 : 0,
        accessGuestNotes: 1,
        accessTagManagement: admin ? 1 : 0,
        lastLoginOn: formatDateTime(data.anchorMs - rng.int(1, 30 * 24) * 3_600_000),
      },
    );
  });
}

/** Two groups: cleaners (read permissions) and managers (everything). */
export function generateUserGroups(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  return [
    ['Cleaners', 'Turnover staff', false],
    ['Managers', 'Office staff', true],
  ].map(([name, description, all], index) =>
    buildFromTemplate(
      GROUP_KEYS,
      flags((key) => all === true || key.startsWith('read')),
      {
        id: userGroupId(data.accountIndex, index + 1),
        accountId: data.accountId,
        name,
        description,
        isAdmin: 0,
      },
    ),
  );
}

/** Four coupons, one of them expired. */
export function generateCoupons(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  const rows: [string, string, number, number, number][] = [
    ['WELCOME10', 'percentage', 10, 1, 0],
    ['LONGSTAY15', 'percentage', 15, 7, 0],
    ['FLAT50', 'flatFee', 50, 3, 0],
    ['SUMMER5', 'percentage', 5, 1, 1],
  ];
  return rows.map(([name, type, amount, minimumNights, expired], index) =>
    buildFromTemplate(COUPON_KEYS, {
      id: couponId(data.accountIndex, index + 1),
      accountId: data.accountId,
      isActive: expired === 1 ? 0 : 1,
      isExpired: expired,
      name,
      type,
      amount,
      minimumNights,
      numberOfUsesInitial: index === 0 ? -1 : 100,
      numberOfUsesUsed: ctx.rng.int(0, 40),
      validityDateStart: formatDate(data.anchorMs - 200 * DAY_MS),
      validityDateEnd: expired === 1 ? formatDate(data.anchorMs - 30 * DAY_MS) : null,
    }),
  );
}

/** The reservation custom fields whose values reservations carry (ids 501-503), plus a listing field. */
export function generateCustomFields(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  const fields: (readonly [number, string, string, string])[] = [
    ...CUSTOM_FIELDS.map(([id, name, type]) => [id, name, type, 'reservation'] as const),
    [504, 'Lockbox location', 'text', 'listing'],
  ];
  return fields.map(([id, name, type, objectType], index) => ({
    id,
    accountId: data.accountId,
    name,
    varName: `${objectType}_${id}`,
    possibleValues: type === 'select' ? 'Leisure\nBusiness\nFamily' : null,
    type,
    objectType,
    isPublic: 1,
    sortOrder: index + 1,
  }));
}

/** Five message templates (DOCS types: listingMapId, channelId and group id as strings). */
export function generateMessageTemplates(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  const names = ['greeting', 'check-in instructions', 'check-out reminder', 'review request', 'wifi'];
  const listing = [...data.listings.keys()][0];
  return names.map((name, index) => ({
    id: messageTemplateId(data.accountIndex, index + 1),
    accountId: data.accountId,
    listingMapId: index === 4 && listing !== undefined ? String(listing) : null,
    channelId: null,
    messageTemplateGroupId: '1',
    name,
    description: `${name} message`,
    message: `Hello {{guest_first_name}}, ${name}.`,
    color: String(index + 1),
  }));
}

/** Flexible / moderate / strict policies with their refund items (item values are strings, as in DOCS). */
export function generateCancellationPolicies(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  const policies: [string, [number, number][]][] = [
    ['Flexible', [[100, 1]]],
    [
      'Moderate',
      [
        [100, 5],
        [50, 1],
      ],
    ],
    [
      'Strict',
      [
        [100, 14],
        [50, 7],
      ],
    ],
  ];
  let item = 0;
  return policies.map(([name, items], index) => {
    const id = cancellationPolicyId(data.accountIndex, index + 1);
    return {
      id,
      accountId: data.accountId,
      name,
      cancellationPolicyItem: items.map(([refund, days]) => ({
        id: String(id * 10 + (item += 1)),
        cancellationPolicyId: String(id),
        refundAmount: String(refund),
        refundType: 'percentage',
        refundField: 'totalPrice',
        timeDelta: String(-days * 86_400),
        event: 'arrival',
      })),
    };
  });
}
